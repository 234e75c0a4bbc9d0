/**
 * The rows of a run that a feature probe reads, as ProbeData: the model's inputs, the pixels as
 * the user sees them (patches of standardized pixels would show noise), and the labels.
 */
import { Dataset } from '../data/dataset';
import { FeaturePipeline } from '../inputs/pipeline';
import { ProbeRowsSpec } from '../protocol/layer-features';
import { ProbeData } from './probe-data';

/**
 * The first `rows.maxRows` rows of the run's training or validation set (already shuffled by
 * the split, so the first rows are a fair sample). Pixels are the inputs with standardization
 * undone when standardizing is all the pipeline does; otherwise the inputs themselves.
 */
export function runProbeData(data: { train: Dataset; validation: Dataset; features: FeaturePipeline }, rows: ProbeRowsSpec | undefined, defaultMax: number): ProbeData {
  const ds = rows?.set === 'validation' ? data.validation : data.train;
  const n = Math.min(ds.rows, rows?.maxRows ?? defaultMax);
  const f = ds.features;
  const x = ds.x.subarray(0, n * f);
  const out: ProbeData = { x, rows: n, features: f };
  if (ds.imageShape) {
    out.imageShape = [...ds.imageShape];
    const s = data.features.standardizer;
    if (s && data.features.stages.length === 1 && s.mean.length === f) {
      const pixels = new Float32Array(n * f);
      for (let r = 0; r < n; r++) for (let j = 0; j < f; j++) pixels[r * f + j] = x[r * f + j]! * s.std[j]! + s.mean[j]!;
      out.pixels = pixels;
    }
  }
  if (ds.task === 'classification') out.labels = ds.y.subarray(0, n);
  return out;
}
