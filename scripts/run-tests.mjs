// Runs the tests with node's test runner, TypeScript loaded through tsx, in two phases:
//  1. every test/**/*.test.ts (or those named) except the serial ones, two files at a time;
//  2. the serial ones — the real-VS-Code end-to-end tests (test/vscode/) and *.serial.test.ts,
//     which measure timing — one at a time, so no other test competes for the 2 cores.
// Ends with one line "tests: N passed, N failed, N skipped" over both phases.
// Usage: node scripts/run-tests.mjs [file or folder ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      collect(join(path, name), out);
    }
  } else if (/\.test\.(ts|mjs)$/.test(path)) {
    out.push(path);
  }
  return out;
}

const isSerial = (f) => f.includes(`test${sep}vscode${sep}`) || /\.serial\.test\.(ts|mjs)$/.test(f);

/** Runs one phase, echoing its output, and returns its counts from the runner's closing lines. */
function runPhase(files, concurrency) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    });
    child.on('close', (code) => {
      const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tail)?.[1] ?? 0);
      resolve({ code: code ?? 1, pass: count('pass'), fail: count('fail'), skipped: count('skipped') });
    });
  });
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const phases = [
  [files.filter((f) => !isSerial(f)), 2],
  [files.filter(isSerial), 1],
].filter(([list]) => list.length);
let pass = 0, fail = 0, skipped = 0, code = 0;
for (const [list, concurrency] of phases) {
  const r = await runPhase(list, concurrency);
  pass += r.pass;
  fail += r.fail;
  skipped += r.skipped;
  if (r.code !== 0) code = r.code;
}
console.log(`\ntests: ${pass} passed, ${fail} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code || (fail ? 1 : 0));
