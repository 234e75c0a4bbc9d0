/**
 * "Gradient Lab: Compare Loss Convexity": one-feature models under each loss, side by side, each
 * with gradient descent from the same start and the grid's convexity verdict — logistic
 * regression with squared error on σ (not convex) and cross-entropy (convex), a linear SVM's
 * hinge (convex), and linear regression with MSE (convex). On the built-in 1-D sets, or on one
 * feature of the current run's data where its task fits.
 */
import { parseFromLandscapeView, type FromLandscapeView } from '../../webview/views/landscape/protocol';
import { CMD } from '../command-ids';
import { LabPanel, type LabViewSpec } from '../lab-panel';
import { attachLandscapePanel, runInfo } from './landscape';
import { convexityData, MSE_MAX_STEP } from './convexity-data';
import { runTarget } from '../job-client';

/** Wide enough to show σ's plateaus and the minima of both built-in sets. */
const GRID = { w: [-8, 8] as [number, number], b: [-8, 8] as [number, number], resolution: 61 };

export const convexityLab: LabViewSpec<FromLandscapeView> = {
  kind: 'convexity',
  title: 'Compare Loss Convexity',
  parse: parseFromLandscapeView,
  attach(api) {
    const state = attachLandscapePanel(api);
    // The run's worker answers even without a run (from the built-in sets); these are quick.
    const target = runTarget(api.deps.controller);
    return {
      onMessage(m) {
        if (m.type === 'ready') return state.resend();
        if (m.type !== 'compare') return;
        const data = convexityData(m.source, m.feature, runInfo(api.deps.controller.current));
        const descent = { start: m.start, steps: m.steps, ...GRID };
        state.send(target, { type: 'convexity', data: data.classification, losses: ['mse-on-sigmoid', 'binary-cross-entropy', 'hinge'], learningRate: m.learningRate, ...descent });
        state.send(target, { type: 'convexity', data: data.regression, losses: ['mse'], learningRate: Math.min(m.learningRate, MSE_MAX_STEP), ...descent });
      },
    };
  },
  commands: {
    [CMD.compareConvexity]: (deps) => LabPanel.show(convexityLab, deps),
  },
};
