// Measures how long Pause, Step, Resume and Stop take to show in a real VS Code, on a
// 20,000-epoch run of a small model on spiral.csv: runs the e2e file
// test/vscode/controls.e2e.test.ts (after `npm run build`) with N Pause/Step/Resume rounds and
// prints p50/p95 per control, from the click on the palette entry until the training panel and
// the status bar both show the effect (read every 50 ms, so times are late by up to 50 ms plus
// one read of the panel).
// Usage: node scripts/measure-controls.mjs [rounds=10]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 10);
const r = spawnSync(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), join(root, 'test', 'vscode', 'controls.e2e.test.ts')], {
  cwd: root, stdio: 'inherit', env: { ...process.env, GL_CONTROLS_ROUNDS: String(rounds) },
});
if (r.status !== 0) process.exit(r.status ?? 1);
const { epochs, latencies } = JSON.parse(readFileSync(join(root, 'test-artifacts', 'controls-latency.json'), 'utf8'));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
console.log(`\nControl latency on a ${epochs.toLocaleString('en')}-epoch run (command → panel and status bar), ms:`);
for (const [control, xs] of Object.entries(latencies)) {
  console.log(`  ${control.padEnd(7)} n=${String(xs.length).padStart(2)}  p50 ${String(pct(xs, 50)).padStart(5)}  p95 ${String(pct(xs, 95)).padStart(5)}  max ${String(Math.max(...xs)).padStart(5)}`);
}
