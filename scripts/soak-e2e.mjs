// Runs the real-VS-Code e2e suite (test/vscode) N times in a row while a CPU-heavy job (the
// benchmarks, in a loop) competes for the cores, and prints each run's wall time and result:
// the proof that the suite waits for states, not moments. Needs `npm run build` and code-server
// in .deps/ (scripts/install-code-server.sh).
// Usage: node scripts/soak-e2e.mjs [--runs 5] [--no-load]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('test-artifacts', { recursive: true });

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const withLoad = !args.includes('--no-load');

let load;
let stopping = false;
function startLoad() {
  if (stopping) return;
  load = spawn(process.execPath, ['dist/bench.js'], { stdio: 'ignore' });
  load.on('exit', () => startLoad());
}
if (withLoad) startLoad();

const results = [];
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/run-tests.mjs', 'test/vscode'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GL_REQUIRE_E2E: '1' } });
    let tail = '';
    let all = '';
    child.stdout.on('data', (c) => {
      tail = (tail + c).slice(-20000);
      all += c;
    });
    child.on('close', (c) => {
      const failed = [...tail.matchAll(/^not ok \d+ - (.*)$/gm)].map((m) => m[1]);
      results.push({ run: i, seconds: Math.round((Date.now() - t0) / 1000), line: /^tests: .*$/m.exec(tail)?.[0] ?? '(no summary)', failed });
      // A failed run's whole report is kept: the reason is what a soak is for.
      if (c !== 0) writeFileSync(join('test-artifacts', `soak-run-${i}.log`), all);
      resolve(c);
    });
  });
  const r = results.at(-1);
  console.log(`run ${i}/${runs}: ${r.seconds} s · ${r.line}${r.failed.length ? ` · failed: ${r.failed.join('; ')} (report: test-artifacts/soak-run-${i}.log)` : ''} (exit ${code})`);
}
stopping = true;
load?.kill();
const bad = results.filter((r) => r.failed.length || !/ 0 failed/.test(r.line));
console.log(`${runs - bad.length} of ${runs} runs green${withLoad ? ', with the benchmarks looping beside them' : ''}`);
process.exit(bad.length ? 1 : 0);
