// node test/bench/large-csv.mjs rows cols out.csv — writes a CSV of cols-1 features (3 decimals,
// a fixed LCG so the file is the same every time) and an integer class label 0..2. For the
// README's large-file figures; the files go to /tmp, never into the repository.
import { createWriteStream } from 'node:fs';
const [rows, cols, out] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const w = createWriteStream(out);
const header = Array.from({ length: cols - 1 }, (_, k) => `f${k}`).concat('label').join(',') + '\n';
w.write(header);
let s = 12345;
const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
let buf = '';
for (let r = 0; r < rows; r++) {
  let line = '';
  let sum = 0;
  for (let k = 0; k < cols - 1; k++) { const v = rnd() * 2 - 1; sum += v; line += v.toFixed(3) + ','; }
  line += (sum > 0.8 ? 2 : sum < -0.8 ? 0 : 1) + '\n';
  buf += line;
  if (buf.length > 1 << 20) { if (!w.write(buf)) await new Promise((r) => w.once('drain', r)); buf = ''; }
}
w.write(buf);
w.end();
