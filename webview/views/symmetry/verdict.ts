/**
 * What a run's numbers mean, in words: derived from the measured events, never assumed from
 * the init's name, so the same text is right for the user's own runs. Pure.
 */
import type { SymRun } from './protocol';
import { fmt, percent } from '../../format';

export interface Verdict {
  /** 'symmetric' | 'no-gradient' | 'distinct' | 'waiting': for styling and tests. */
  kind: 'waiting' | 'no-gradient' | 'symmetric' | 'distinct';
  headline: string;
  details: string[];
  /** What to try next. */
  next: string;
}

/** How close to ln 2 the loss must be to say "it sits at ln 2" (a float32 sigmoid at 0 gives 0.69315). */
const LN2_TOLERANCE = 2e-3;

export function verdict(run: SymRun): Verdict {
  const e = run.latest;
  if (!e || !e.layers.length) {
    return { kind: 'waiting', headline: 'Waiting for the first measurement…', details: [], next: '' };
  }
  const details = e.layers.map((l) => {
    const dead = l.deadShare === undefined ? '' : `, ${percent(l.deadShare)} dead ReLU neurons`;
    const rank = l.sampled ? ` of the ${l.sampled.length} sampled neurons` : '';
    return `${l.layer}: ${l.distinctNeurons} of ${l.units} neurons distinct, effective rank ${fmt(l.effectiveRank, 3)}${rank}${dead}.`;
  });
  // Exactly zero, not small: with zeros and tanh or ReLU every hidden activation is 0 and so is every gradient behind it.
  const noGradient = e.step > 0 && e.layers.every((l) => l.gradientNorms.every((g) => g === 0));
  if (noGradient) {
    const parts = [`Every hidden neuron's gradient is exactly 0 (measured at step ${e.step}): the hidden layers cannot learn at all.`];
    if (run.outputGradNorm === 0) {
      // Say why only when it was measured: the last hidden layer outputs 0 on every probed row.
      const last = e.layers.at(-1)!;
      const why = last.deadShare === 1 ? ` (${last.layer}, the last hidden layer, outputs 0 on every probed row)` : '';
      parts.push(`The output layer's weights get no gradient either${why}, so only the output bias learns.`);
    }
    const binary = run.task === 'classification' && run.classes === 2;
    if (binary && run.trainLoss !== undefined && Math.abs(run.trainLoss - Math.LN2) < LN2_TOLERANCE) {
      parts.push(`The loss sits at ln 2 ≈ 0.693 (now ${fmt(run.trainLoss)}): the model gives every input the same probability, and on a balanced binary task the best single probability is 0.5 — 50% accuracy.`);
    }
    return { kind: 'no-gradient', headline: parts.join(' '), details, next: 'Break symmetry to give the neurons different weights — the gradients come back — or compare with a random initialization.' };
  }
  if (e.layers.every((l) => l.distinctNeurons === 1)) {
    const units = e.layers.map((l) => `${l.units}`).join(' and ');
    return {
      kind: 'symmetric',
      headline: `Symmetric: every hidden layer has 1 distinct neuron (of ${units}). Each neuron computes the same function and receives the same gradient, so they change in lockstep: the layer is worth one neuron, however long it trains.`,
      details,
      next: 'Break symmetry: add a little noise to the weights and watch the heatmap break up and the distinct-neuron count jump.',
    };
  }
  return {
    kind: 'distinct',
    headline: `The neurons differ: ${e.layers.map((l) => `${l.distinctNeurons} of ${l.units}`).join(', ')} distinct. Different starting weights give different gradients, so each neuron can learn its own feature.`,
    details,
    next: run.canReroll ? 'Reroll for another random draw, or try another initialization and compare.' : 'Compare with a random initialization.',
  };
}
