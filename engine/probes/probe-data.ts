import { ImageShape } from '../nn/layers/conv-geometry';

/**
 * The rows a feature probe runs: `x` as the model sees it (standardized, if the run
 * standardizes) and, for pictures, `pixels` as the user sees them (same layout; defaults to x).
 */
export interface ProbeData {
  x: Float32Array;
  rows: number;
  features: number;
  /** Height, width, channels of each row, for image data. */
  imageShape?: ImageShape;
  pixels?: Float32Array;
  /** Class index of each row (classification), for colouring maps. */
  labels?: Float32Array;
}
