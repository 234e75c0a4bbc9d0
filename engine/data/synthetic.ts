import { Prng } from '../prng';
import { Dataset, Task } from './dataset';
import { SYNTHETIC_SETS, type SyntheticName } from '../catalogue';

export { SYNTHETIC_SETS, SYNTHETIC_HELP, type SyntheticName } from '../catalogue';

export interface SyntheticOptions {
  /** Number of points (default 500). */
  samples?: number;
  /** Noise level (default 0). */
  noise?: number;
  /** Seed of the data generator. */
  seed?: number;
}

type Point = [x: number, y: number, label: number];

const generators: Record<SyntheticName, (n: number, noise: number, rng: Prng) => Point[]> = {
  circle(n, noise, rng) {
    const radius = 5;
    const points: Point[] = [];
    const ring = (rMin: number, rMax: number, count: number): void => {
      for (let i = 0; i < count; i++) {
        const r = rng.uniform(rMin, rMax), angle = rng.uniform(0, 2 * Math.PI);
        const x = r * Math.sin(angle) + rng.uniform(-radius, radius) * noise;
        const y = r * Math.cos(angle) + rng.uniform(-radius, radius) * noise;
        points.push([x, y, Math.hypot(x, y) < radius * 0.5 ? 1 : 0]);
      }
    };
    ring(0, radius * 0.5, Math.ceil(n / 2));
    ring(radius * 0.7, radius, Math.floor(n / 2));
    return points;
  },
  xor(n, noise, rng) {
    const padding = 0.3;
    return Array.from({ length: n }, (): Point => {
      let x = rng.uniform(-5, 5), y = rng.uniform(-5, 5);
      x += x > 0 ? padding : -padding;
      y += y > 0 ? padding : -padding;
      x += rng.uniform(-5, 5) * noise;
      y += rng.uniform(-5, 5) * noise;
      return [x, y, x * y >= 0 ? 1 : 0];
    });
  },
  gauss(n, noise, rng) {
    const std = Math.sqrt(0.5 + 3.5 * (noise / 0.5)); // variance 0.5 … 4 as noise goes 0 … 0.5
    return Array.from({ length: n }, (_, i): Point => {
      const label = i < n / 2 ? 1 : 0, c = label ? 2 : -2;
      return [c + std * rng.normal(), c + std * rng.normal(), label];
    });
  },
  spiral(n, noise, rng) {
    const half = Math.ceil(n / 2), points: Point[] = [];
    const arm = (deltaT: number, label: number, count: number): void => {
      for (let i = 0; i < count; i++) {
        const r = (i / count) * 5, t = (1.75 * i / count) * 2 * Math.PI + deltaT;
        points.push([r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, label]);
      }
    };
    arm(0, 1, half);
    arm(Math.PI, 0, n - half);
    return points;
  },
  moons(n, noise, rng) {
    const outer = Math.ceil(n / 2);
    return Array.from({ length: n }, (_, i): Point => {
      const isOuter = i < outer;
      const t = Math.PI * (isOuter ? i / Math.max(1, outer - 1) : (i - outer) / Math.max(1, n - outer - 1));
      const x = isOuter ? Math.cos(t) : 1 - Math.cos(t);
      const y = isOuter ? Math.sin(t) : 0.5 - Math.sin(t);
      return [x + noise * rng.normal(), y + noise * rng.normal(), isOuter ? 0 : 1];
    });
  },
  circles(n, noise, rng) {
    const outer = Math.ceil(n / 2), factor = 0.8;
    return Array.from({ length: n }, (_, i): Point => {
      const isOuter = i < outer;
      const t = (2 * Math.PI * (isOuter ? i : i - outer)) / (isOuter ? outer : n - outer);
      const r = isOuter ? 1 : factor;
      return [r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), isOuter ? 0 : 1];
    });
  },
  plane(n, noise, rng) {
    const radius = 6;
    return Array.from({ length: n }, (): Point => {
      const x = rng.uniform(-radius, radius), y = rng.uniform(-radius, radius);
      const label = (x + y) / (2 * radius);
      return [x + rng.uniform(-radius, radius) * noise, y + rng.uniform(-radius, radius) * noise, label];
    });
  },
  'multi-gauss'(n, noise, rng) {
    const bumps: [number, number, number][] = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
    const radius = 6;
    return Array.from({ length: n }, (): Point => {
      const x = rng.uniform(-radius, radius), y = rng.uniform(-radius, radius);
      let label = 0;
      for (const [cx, cy, sign] of bumps) {
        // Each bump falls linearly from 1 at its centre to 0 at distance 2.
        const v = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
        if (Math.abs(v) > Math.abs(label)) label = v;
      }
      return [x + rng.uniform(-radius, radius) * noise, y + rng.uniform(-radius, radius) * noise, label];
    });
  },
};

/** Whether `name` is a built-in synthetic set. */
export function isSyntheticName(name: unknown): name is SyntheticName {
  return typeof name === 'string' && (SYNTHETIC_SETS as readonly string[]).includes(name);
}

/** Generates the synthetic set `name`: 2 features (x1, x2) and a label. */
export function syntheticDataset(name: SyntheticName, options: SyntheticOptions = {}): Dataset {
  const n = options.samples ?? 500, noise = options.noise ?? 0;
  const points = generators[name](n, noise, new Prng(options.seed ?? 1));
  const task: Task = name === 'plane' || name === 'multi-gauss' ? 'regression' : 'classification';
  const x = new Float32Array(n * 2), y = new Float32Array(n);
  points.forEach(([a, b, label], i) => {
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = label;
  });
  return {
    source: name, task, rows: n, features: 2, x, y, targets: 1,
    featureNames: ['x1', 'x2'], labelName: 'label',
    ...(task === 'classification' ? { classNames: ['0', '1'] } : {}),
  };
}
