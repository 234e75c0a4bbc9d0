import { DatasetError } from '../errors';
import { profileColumns } from './columns';
import { CsvParser, RecordCounter } from './csv';
import { encodeTable, LoadedDataset } from './encode';
import { idxPairToDataset, looksLikeIdx, parseIdx } from './idx';
import { recognisePixels } from './images';
import { parseJson } from './json';
import { checkSize, DatasetOptions, DEFAULT_MAX_BYTES, ProgressCallback, throwIfCancelled, yieldToEventLoop } from './options';
import { CsvLayout, MAX_FIRST_RECORD, SNIFF_BYTES, sniffCsv } from './sniff';
import { RawTable, TableBuilder } from './table';
import { concatBytes } from './bytes';

/** Bytes handed to the parser at a time: progress and cancellation are checked between chunks. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** Reads a file from byte `from` on, in chunks (a buffer in memory, or a file: engine/data/files.ts). */
export type ChunkSource = (from: number) => AsyncIterable<Uint8Array>;

/** What kind of file a name says it is. */
export function formatOf(name: string): 'json' | 'idx' | 'delimited' {
  const n = name.toLowerCase().replace(/\.gz$/, '');
  if (/\.(json|jsonl|ndjson)$/.test(n)) return 'json';
  if (/(idx\d-ubyte|\.idx\d?)$/.test(n)) return 'idx';
  return 'delimited';
}

/**
 * Parses a dataset file's bytes (already decompressed) into a Dataset: delimited text or JSON.
 * IDX needs its labels file too (`parseIdxPair`); files and folders are read by engine/data/read-dataset.ts.
 */
export async function parseDataset(
  bytes: Uint8Array,
  name: string,
  options: DatasetOptions = {},
  progress?: ProgressCallback,
): Promise<LoadedDataset> {
  const format = formatOf(name);
  if (format === 'json') {
    const r = parseJson(bytes, name, options);
    return r.kind === 'dataset' ? r.dataset : finishTable(r.table, [], options);
  }
  if (format === 'idx' || looksLikeIdx(bytes)) {
    throw new DatasetError(
      'this is an IDX file (MNIST format), which needs its partner: the images file and the labels file are read ' +
        'together. Expected both files side by side (e.g. train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz): ' +
        'open either one from the file explorer, or use loadDatasetFile, which finds the partner by name.',
      { file: name },
    );
  }
  return parseDelimited(name, bytes.length, memorySource(bytes), options, progress);
}

/** An IDX images file and its labels file (bytes already decompressed). */
export function parseIdxPair(
  images: Uint8Array,
  labels: Uint8Array,
  names: { images: string; labels: string },
  options: DatasetOptions = {},
): LoadedDataset {
  return idxPairToDataset(parseIdx(images, names.images), parseIdx(labels, names.labels), names, options);
}

/** Chunks of an in-memory buffer (views, no copies). */
export function memorySource(bytes: Uint8Array): ChunkSource {
  return async function* (from: number) {
    for (let p = from; p < bytes.length; p += CHUNK_BYTES) yield bytes.subarray(p, Math.min(bytes.length, p + CHUNK_BYTES));
  };
}

/** Reads the first `n` bytes (or fewer at the end of the file) from a chunk source. */
async function head(read: ChunkSource, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  for await (const c of read(0)) {
    // A copy: a file source may reuse its chunk buffer for the next read.
    parts.push(c.slice(0, Math.min(c.length, n - got)));
    got += parts[parts.length - 1]!.length;
    if (got >= n) break;
  }
  return concatBytes(parts);
}

/**
 * Delimited text in one pass over the bytes: the parse reads, types and writes the float cells
 * as it goes (see CsvParser). Peak memory: the cells (sized from the first bytes, grown by
 * what the rows so far say of the rest) plus one chunk.
 */
export async function parseDelimited(
  source: string,
  fileBytes: number,
  read: ChunkSource,
  options: DatasetOptions,
  progress?: ProgressCallback,
): Promise<LoadedDataset> {
  const { table, decisions, builder } = await readDelimitedTable(source, fileBytes, read, options, progress);
  progress?.({ phase: 'encode', done: 0, total: 1 });
  return finishTable(table, decisions, options, builder);
}

/** Delimited text read into a raw table (cells, not yet typed or encoded): what prediction re-encodes. */
export async function readDelimitedTable(
  source: string,
  fileBytes: number,
  read: ChunkSource,
  options: DatasetOptions,
  progress?: ProgressCallback,
): Promise<{ table: RawTable; decisions: readonly string[]; builder: TableBuilder }> {
  let layout: CsvLayout;
  let sample = await head(read, SNIFF_BYTES);
  try {
    layout = sniffCsv(sample, source, options, fileBytes);
  } catch (e) {
    // The first record may be longer than the usual sample: look further before giving up.
    if (!(e instanceof DatasetError) || sample.length >= fileBytes || !/first line is longer/.test(e.message)) throw e;
    sample = await head(read, MAX_FIRST_RECORD);
    layout = sniffCsv(sample, source, options, fileBytes);
  }
  const dataBytes = fileBytes - layout.dataStart;
  const rowsGuess = estimateRecords(sample, layout, fileBytes);
  // A file read whole by the sniffer is counted exactly: refused at once if too large.
  if (sample.length >= fileBytes) checkSize(rowsGuess * layout.names.length, source, options, `its ${rowsGuess} rows × ${layout.names.length} columns`);
  sample = new Uint8Array(0);
  // The guess is capped at the memory limit: only rows actually read can refuse the file (as soon as they pass it).
  const limitRows = Math.floor((options.maxBytes ?? DEFAULT_MAX_BYTES) / 4 / layout.names.length);
  const builder = new TableBuilder(source, layout.names, Math.min(rowsGuess, limitRows), layout.dataLine, options);
  builder.rowsHint = rowsGuess;
  const parser = new CsvParser(layout, builder, options, dataBytes);
  let done = 0;
  let lastYield = Date.now();
  for await (const chunk of read(layout.dataStart)) {
    parser.feed(chunk);
    done += chunk.length;
    progress?.({ phase: 'parse', done, total: dataBytes });
    throwIfCancelled(options.signal);
    if (Date.now() - lastYield > 20) {
      await yieldToEventLoop();
      throwIfCancelled(options.signal);
      lastYield = Date.now();
    }
  }
  const table = parser.finish();
  if (table.rows === 0) {
    throw new DatasetError(
      layout.header
        ? `the file has a header row (${layout.names.slice(0, 8).join(', ')}${layout.names.length > 8 ? ', …' : ''}) but no data rows. ` +
            'Expected one row per example below the header: add data, or check that the right file was opened.'
        : 'the file has no data rows. Expected one row per example.',
      { file: source, line: layout.dataLine },
    );
  }
  return { table, decisions: layout.decisions, builder };
}

/**
 * Records the file will hold, from its first bytes: exact when the sample is the whole file,
 * else the sample's records per byte over the file's size, with 3% to spare (the parser grows
 * the cells by the same rule, re-estimated from the rows read so far, if the file runs longer).
 */
function estimateRecords(sample: Uint8Array, layout: CsvLayout, fileBytes: number): number {
  const body = sample.subarray(Math.min(sample.length, layout.dataStart));
  const counter = new RecordCounter(layout.crOnly ? 13 : 10);
  counter.feed(body);
  if (sample.length >= fileBytes) return counter.records;
  return Math.ceil(counter.records * ((fileBytes - layout.dataStart) / Math.max(1, body.length)) * 1.03) + 64;
}

/** Types the columns, encodes the table, and recognises pixel tables. */
export function finishTable(table: RawTable, decisions: readonly string[], options: DatasetOptions, builder?: TableBuilder): LoadedDataset {
  const profiles = profileColumns(table, options, builder);
  const notes = [...decisions, ...table.notes];
  const ds = encodeTable(table, profiles, options, notes);
  const allNumeric = ds.featureNames.length === profiles.filter((p) => p.kind === 'numeric' && p.name !== ds.labelName).length;
  return recognisePixels(ds, options, allNumeric);
}
