import { DatasetError } from '../errors';
import { whereToRaise } from './limits';
import { DatasetOptions, DEFAULT_MAX_BYTES, mb } from './options';

/** Most bytes a .gz may decompress to, and a plain JSON or IDX file may have: 4× the float-memory limit. */
export function maxTextBytes(options: DatasetOptions): number {
  return 4 * (options.maxBytes ?? DEFAULT_MAX_BYTES);
}

/** The refusal of a file past `maxTextBytes`: `gz` when it is the decompressed content that is too big. */
export function textTooBig(file: string, options: DatasetOptions, gz: boolean): DatasetError {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new DatasetError(
    `${gz ? 'the file decompresses to' : 'the file is'} more than ${mb(maxTextBytes(options))} (4× the ${mb(max)} dataset memory limit)${gz ? '; decompression was stopped there' : ''}. ` +
      `Expected a dataset that fits the limit: use a smaller sample of the data, or raise the limit with ${whereToRaise('maxMegabytes')} if this machine has the memory.`,
    { file },
  );
}
