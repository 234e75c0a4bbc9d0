/** Which data the convexity lab compares the losses on (no `vscode` here, so tests import it). */
import type { SurfaceData } from '../../engine/protocol/landscape';
import type { RunInfo } from '../../webview/views/landscape/protocol';

/**
 * MSE's curvature along w is 2·mean(x²) (≈ 2.7 on the built-in line, x in [−2, 2]): descent with a
 * step above 2/2.7 diverges, so its step is capped where the logistic losses' is not.
 */
export const MSE_MAX_STEP = 0.25;

/** The run's feature for the losses its task fits (two classes, or a numeric target); a built-in set for the rest. */
export function convexityData(source: 'builtin' | 'run', feature: number, run: RunInfo | null): { classification: SurfaceData; regression: SurfaceData } {
  const builtIn = { classification: { builtIn: 'classification' } as SurfaceData, regression: { builtIn: 'regression' } as SurfaceData };
  if (source !== 'run' || !run) return builtIn;
  if (run.task === 'regression') return { ...builtIn, regression: { feature } };
  return run.classes === 2 ? { ...builtIn, classification: { feature } } : builtIn;
}
