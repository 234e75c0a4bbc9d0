/**
 * Salts that split the two user seeds (`seeds.data`, `seeds.init`) into independent streams, one
 * per use, so that drawing more from one (a bigger shuffle, more dropout units, a second
 * symmetry break) never shifts another: a run with the same seeds then gives the same losses,
 * and changing the data seed reshuffles without redrawing dropout from the same numbers.
 * Each salt is XORed into the seed before splitmix32 spreads it; any distinct constants with
 * mixed bits would do (these are MurmurHash2's multiplier, xxHash's PRIME32_4 and an arbitrary
 * third). Changing one changes every saved run's reproduction, so they stay as they are.
 */
export const SEED_SALT = {
  /** The data seed's stream for shuffling the training rows each epoch. */
  shuffle: 0x5bd1e995,
  /** The data seed's stream for dropout masks (each pool thread adds its own offset). */
  dropout: 0x27d4eb2f,
  /** The init seed's stream for "break symmetry" noise (plus the step, so each press differs). */
  breakSymmetry: 0x68e31da4,
  /** The init seed's stream for the fixed sample of neurons a symmetry probe shows. */
  symmetrySample: 0x1b873593,
} as const;

/**
 * The engine's only source of randomness: xoshiro128** (Blackman & Vigna, 2018), a 32-bit
 * generator with 128 bits of state, seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Pure integer arithmetic, so a seed gives the same stream on every platform.
 */
export class Prng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    let x = seed >>> 0;
    const splitmix32 = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
