import { ConvexityPanel } from './convexity-compare';
import { Curvature } from './curvature';
import { Grid2D } from '../../shared/grid';
import { ConvexityEvent, CurvatureEvent, GridJson, RaceEvent } from '../protocol/landscape';
import { RacePath } from './race';

/** A grid as JSON-safe arrays (non-finite values become null, as JSON would make them anyway). */
export function gridJson(grid: Grid2D): GridJson {
  return {
    xAxis: Array.from(grid.xAxis),
    yAxis: Array.from(grid.yAxis),
    values: Array.from(grid.values, (v) => (Number.isFinite(v) ? v : null)),
    min: grid.min,
    max: grid.max,
  };
}

/** The 'curvature' event of a probe result. */
export function curvatureEvent(id: number, step: number, c: Curvature): CurvatureEvent {
  return {
    type: 'curvature', id, step, loss: c.loss, gradNorm: c.gradNorm, lambdaMax: c.lambdaMax, lambdaMin: c.lambdaMin,
    verdict: c.verdict, message: c.message, converged: c.converged,
  };
}

/** The 'convexity' event of a comparison. */
export function convexityEvent(id: number, description: string, panels: readonly ConvexityPanel[]): ConvexityEvent {
  return { type: 'convexity', id, description, panels: panels.map((p) => ({ loss: p.loss, grid: gridJson(p.surface), convexity: p.convexity, path: p.path })) };
}

/** A 'race' frame: every racer's points from step `from` on. */
export function raceFrame(id: number, paths: readonly RacePath[], from: number, step: number, done: boolean): RaceEvent {
  return {
    type: 'race', id, from, step, done,
    racers: paths.map((p) => ({
      label: p.label, xs: p.xs.slice(from), ys: p.ys.slice(from), losses: p.losses.slice(from),
      ...(p.stopped ? { stopped: p.stopped } : {}),
    })),
  };
}
