/**
 * The dataset side of the features lab: reads the dataset a request names (the same three
 * ways as a run: a built-in set, or a file the worker reads), describes it
 * for the views, and lays out the input plane of 2-D data for the boundary pictures.
 */
import { ExperimentConfig, datasetReadOptions } from '../config';
import { Dataset, classCount } from '../data/dataset';
import { DatasetOptions, ParseProgress } from '../data/options';
import { Split } from '../data/split';
import { syntheticDataset } from '../data/synthetic';
import { UserError } from '../errors';
import type { LabDatasetInfo, LabPlane } from '../protocol/models';

/** Reads a dataset file at a location (the worker's reader, engine/data/read-dataset.ts). */
export type LabFileLoader = (path: string, options: DatasetOptions, progress: (p: ParseProgress) => void) => Promise<Dataset>;

/** The rows of `config.dataset`: from a built-in generator, or `loadFile`. */
export async function loadLabDataset(config: ExperimentConfig, loadFile: LabFileLoader | undefined): Promise<Dataset> {
  const d = config.dataset;
  const options = datasetReadOptions(d);
  if (d.synthetic) {
    return syntheticDataset(d.synthetic, {
      ...(d.samples !== undefined ? { samples: d.samples } : {}),
      ...(d.noise !== undefined ? { noise: d.noise } : {}),
      seed: config.seeds.data,
    });
  }
  if (!loadFile) throw new UserError('this worker cannot read files');
  return loadFile(d.file!, options, () => undefined);
}

/** The dataset as the views describe it, with its split's sizes. */
export function describeLabDataset(ds: Dataset, split: Split): LabDatasetInfo {
  return {
    source: ds.source, task: ds.task, features: ds.features, rows: ds.rows,
    trainRows: split.train.rows, validationRows: split.validation.rows, classes: classCount(ds),
    ...(ds.classNames ? { classNames: [...ds.classNames] } : {}),
    ...(ds.imageShape ? { imageShape: [...ds.imageShape] as [number, number, number] } : {}),
  };
}

/** Points per set drawn over a boundary: more only blur the picture and swell the message. */
const MAX_PLANE_POINTS = 2000;

/** x, y, label of the first rows of a 2-D set, flattened, in raw units. */
function planePoints(ds: Dataset): number[] {
  const n = Math.min(ds.rows, MAX_PLANE_POINTS);
  const out: number[] = [];
  for (let r = 0; r < n; r++) out.push(round(ds.x[2 * r]!), round(ds.x[2 * r + 1]!), ds.y[r * ds.targets]!);
  return out;
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** The plane of 2-D data: the range of all points padded by 5% on each side, and the points. */
export function labPlane(split: Split, resolution: number): LabPlane | undefined {
  const { train, validation } = split;
  if (train.features !== 2) return undefined;
  const range = (axis: 0 | 1): [number, number] => {
    let lo = Infinity, hi = -Infinity;
    for (const ds of [train, validation]) for (let r = 0; r < ds.rows; r++) {
      const v = ds.x[2 * r + axis]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) return [lo - 1, lo + 1];
    const pad = 0.05 * (hi - lo);
    return [round(lo - pad), round(hi + pad)];
  };
  return { xRange: range(0), yRange: range(1), resolution, train: planePoints(train), validation: planePoints(validation) };
}
