/**
 * The reference for the CSV benchmark: the least a byte-to-float parser can do on an all-numeric
 * file with a header line. It reads `-12.5`-style numbers separated by commas and newlines into one
 * Float32Array, and checks nothing else (no quotes, no missing values, no errors, no typing): the
 * speed a real reader can approach but not pass. Numbers are rounded as ours are (mantissa / 10^k).
 */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

export function bareParse(bytes: Uint8Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  let p = bytes.indexOf(10) + 1;
  const n = bytes.length;
  let k = 0;
  while (p < n) {
    let c = bytes[p]!;
    let neg = false;
    if (c === 45) {
      neg = true;
      c = bytes[++p]!;
    }
    let mant = 0;
    let scale = 0;
    let d = 0;
    while (((d = c - 48) >>> 0) < 10) {
      mant = mant * 10 + d;
      c = bytes[++p]!;
    }
    if (c === 46) {
      c = bytes[++p]!;
      while (((d = c - 48) >>> 0) < 10) {
        mant = mant * 10 + d;
        scale++;
        c = bytes[++p]!;
      }
    }
    const v = scale === 0 ? mant : mant / POW10[scale]!;
    out[k++] = neg ? -v : v;
    p++; // the comma or newline
  }
  if (k !== rows * cols) throw new Error(`the bare parser read ${k} numbers, expected ${rows * cols}`);
  return out;
}
