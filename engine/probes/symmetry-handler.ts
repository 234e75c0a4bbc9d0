/**
 * Answers "how symmetric is the current run now?" for a view that opens on a run started
 * without symmetry events (the user's own run): the view asks at its own pace, so a run pays
 * for the probe only while someone looks at it.
 */
import type { ProbeHandler } from '../probe-handler';
export type { SymmetryProbeRequest } from '../protocol/training';

export const symmetryProbeHandler: ProbeHandler = {
  types: ['symmetryProbe'],
  handle(_request, ctx) {
    // Answered on the probe channel, never thrown: a thrown error would end the user's run.
    const problem = !ctx.trainer
      ? 'there is no run to measure: start a run first'
      : ctx.trainer.model.dense.length < 2 ? 'this model has no hidden layer, so there is no symmetry to measure' : undefined;
    if (problem || !ctx.trainer) ctx.post({ type: 'error', message: problem ?? '', userError: true });
    else ctx.post(ctx.trainer.symmetryEvent());
  },
};
