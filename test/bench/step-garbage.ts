/*
 * Bytes allocated per training step on W1, and where: V8's sampling heap profiler (through
 * node:inspector) over a run of steps driven as the bench drives them, the events dropped at
 * once. Not a test (sampling estimates); run with `npx tsx test/bench/step-garbage.ts [steps] [fresh]`
 * (`fresh`: a new step event per step, as `Trainer.run()` makes by default).
 */
import { Session } from 'node:inspector';
import { Trainer, prepareData } from '../../engine/trainer';
import { w1 } from './workloads';

interface Node { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 50_000);
  const w = w1();
  const trainer = new Trainer(w.config, prepareData(w.config, w.dataset));
  const run = trainer.run({ reuseStepEvents: process.argv[3] !== 'fresh' });
  for (let i = 0; i < 20_000; i++) run.next(); // warm up: JIT tiers, buffers
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('HeapProfiler.enable');
  // Every 32 bytes on average, so a step's few hundred bytes are sampled many times over the run.
  await post('HeapProfiler.startSampling', { samplingInterval: 32, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const before = trainer.step;
  for (let i = 0; i < steps; i++) run.next();
  const taken = trainer.step - before;
  const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (n: Node) => {
    if (n.selfSize) {
      const site = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
      bySite.set(site, (bySite.get(site) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    n.children.forEach(walk);
  };
  walk(profile.head);
  console.log(`W1: ${taken} steps, ${(total / taken).toFixed(1)} bytes allocated per step (sampled)`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(bytes / taken).toFixed(1).padStart(7)} B/step  ${site}`);
  session.disconnect();
}

void main();
