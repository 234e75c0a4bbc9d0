import { Dataset } from '../data/dataset';
import { fitStandardizer, splitDataset, standardize } from '../data/split';
import { Prng } from '../prng';
import { WannData, wannData } from './data';
import { downsampleImages } from './downsample';

/** How a dataset is readied for the search. */
export interface WannPrepareOptions {
  /** Share of rows held out to report the results on (default 0.2; 0 reports on the search rows). */
  testFraction?: number;
  /** Seed of the stratified split (default 1). */
  seed?: number;
  /** Images are averaged down to at most this many pixels a side (default 8). */
  imageSize?: number;
}

/** The rows the search sees and the held-out rows the results are reported on. */
export interface WannSplit {
  readonly train: WannData;
  readonly test: WannData;
  /** What was done to the data, for the user (downsampling, standardization, split sizes). */
  readonly notes: readonly string[];
}

/**
 * Splits `ds` (stratified), then standardizes non-image features with the training rows' mean
 * and deviation: with shared weights of magnitude ≤ 2, raw coordinates of ±5 would saturate
 * every tanh and sigmoid. Pixels already lie in 0…1 and are kept as they are, after averaging.
 */
export function prepareWannData(ds: Dataset, options: WannPrepareOptions = {}): WannSplit {
  const small = downsampleImages(ds, options.imageSize ?? 8);
  const notes: string[] = [];
  if (small !== ds) notes.push(`images averaged down to ${small.imageShape![0]}×${small.imageShape![1]} (${small.features} inputs)`);
  const fraction = options.testFraction ?? 0.2;
  let { train, validation: test } = fraction > 0 ? splitDataset(small, fraction, new Prng(options.seed ?? 1)) : { train: small, validation: small };
  if (!small.imageShape) {
    const s = fitStandardizer(train);
    train = standardize(train, s);
    test = standardize(test, s);
    notes.push('features standardized with the search rows\' mean and deviation');
  }
  notes.push(fraction > 0 ? `${train.rows} rows for the search, ${test.rows} held out for the results` : `${train.rows} rows, used for both search and results`);
  return { train: wannData(train), test: wannData(test), notes };
}
