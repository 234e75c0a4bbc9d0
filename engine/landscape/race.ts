import { Param } from '../nn/layers/layer';
import { Optimizer, OptimizerSpec } from '../nn/optimizers';
import { Surface2D } from '../../shared/surface-2d';
import type { Racer } from '../protocol/landscape';
export type { Racer } from '../protocol/landscape';

/** Where one racer has been: its points and losses so far. */
export interface RacePath {
  label: string;
  optimizer: OptimizerSpec;
  /** Coordinates after 0, 1, 2, … steps (the start first). */
  xs: number[];
  ys: number[];
  losses: number[];
  /** Set when the racer stopped before the others: its value or gradient stopped being finite. */
  stopped?: { step: number; reason: string };
}

/**
 * Several optimizers descending the same two-variable function from the same start, one step
 * each per `step()`. Each racer is the engine's own Optimizer acting on a Param of two values
 * (x, y), so the race shows exactly the update rules training uses, in float32 as training does.
 * The point is a weight (not a bias), so AdamW's weight decay applies to it.
 */
export class OptimizerRace {
  readonly paths: RacePath[];
  private readonly entrants: { optimizer: Optimizer; param: Param; path: RacePath }[];
  private readonly grad = new Float64Array(2);
  /** Steps taken so far. */
  steps = 0;

  constructor(readonly fn: Surface2D, racers: readonly Racer[], readonly start: readonly [number, number]) {
    this.entrants = racers.map((r) => {
      const param: Param = { name: 'xy', shape: [2], value: Float32Array.from(start), grad: new Float32Array(2), isBias: false };
      const path: RacePath = { label: r.label, optimizer: r.optimizer, xs: [param.value[0]!], ys: [param.value[1]!], losses: [fn.value(param.value[0]!, param.value[1]!)] };
      return { optimizer: new Optimizer(r.optimizer), param, path };
    });
    this.paths = this.entrants.map((e) => e.path);
  }

  /** One step of every racer still running. */
  step(): void {
    this.steps++;
    for (const e of this.entrants) {
      if (e.path.stopped) continue;
      const v = e.param.value;
      this.fn.gradient(v[0]!, v[1]!, this.grad);
      e.param.grad[0] = this.grad[0]!;
      e.param.grad[1] = this.grad[1]!;
      if (!Number.isFinite(e.param.grad[0]!) || !Number.isFinite(e.param.grad[1]!)) {
        e.path.stopped = { step: this.steps, reason: 'the gradient is not finite: the steps diverged' };
        continue;
      }
      e.optimizer.step([e.param]);
      const loss = this.fn.value(v[0]!, v[1]!);
      if (!Number.isFinite(loss) || !Number.isFinite(v[0]!) || !Number.isFinite(v[1]!)) {
        e.path.stopped = { step: this.steps, reason: `the point left the finite numbers (loss ${loss})` };
        continue;
      }
      e.path.xs.push(v[0]!);
      e.path.ys.push(v[1]!);
      e.path.losses.push(loss);
    }
  }

  /** Takes `count` steps. */
  run(count: number): this {
    for (let i = 0; i < count; i++) this.step();
    return this;
  }
}

/** Runs a whole race of `steps` steps and returns every racer's path. */
export function race(fn: Surface2D, racers: readonly Racer[], start: readonly [number, number], steps: number): RacePath[] {
  return new OptimizerRace(fn, racers, start).run(steps).paths;
}

/** The first step at which a path comes within `radius` of (x, y) and stays there to its end; undefined if it never does. */
export function arrivalStep(path: RacePath, x: number, y: number, radius: number): number | undefined {
  let arrived: number | undefined;
  for (let k = 0; k < path.xs.length; k++) {
    const inside = Math.hypot(path.xs[k]! - x, path.ys[k]! - y) <= radius;
    if (inside && arrived === undefined) arrived = k;
    if (!inside) arrived = undefined;
  }
  return arrived;
}
