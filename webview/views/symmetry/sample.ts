/**
 * A wide layer's symmetry probe shows a fixed sample of its neurons in the similarity matrices
 * and the effective rank (engine/probes/symmetry.ts, `sampled`); these say which, once for the
 * heatmap, its readout and the verdict. Pure.
 */
import type { LayerSymmetry } from '../../../engine/protocol/training';

/** The neurons in the layer's similarity matrices: its sample's size, else all its units. */
export function shownNeurons(l: LayerSymmetry): number {
  return l.sampled?.length ?? l.units;
}

/** The 1-based number, within the whole layer, of the matrices' neuron `i`. */
export function neuronNumber(l: LayerSymmetry, i: number): number {
  return (l.sampled?.[i] ?? i) + 1;
}

/** "64 of the 512 neurons (a fixed sample)" or "the 8 neurons". */
export function shownNeuronsText(l: LayerSymmetry): string {
  return l.sampled ? `${l.sampled.length} of the ${l.units} neurons (a fixed sample)` : `the ${l.units} neurons`;
}
