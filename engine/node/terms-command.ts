import { UserError } from '../errors';
import { polynomialTermCount, quadraticTermCount } from '../inputs/polynomial';

export const TERMS_HELP = `Usage: gradient-lab terms <features> [--degree D] [--rows N]

How many terms a polynomial expansion of <features> inputs makes, and what it costs in memory
for N rows of float32. Example: a 100×100 grayscale image has 10,000 pixels:
  gradient-lab terms 10000 --degree 2`;

/** Runs `gradient-lab terms`. */
export async function termsCommand(args: string[], out: NodeJS.WriteStream): Promise<number> {
  const [first] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    out.write(TERMS_HELP + '\n');
    return 0;
  }
  const opt = (name: string, fallback: number): number => {
    const i = args.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(args[i + 1]);
    if (!Number.isInteger(v) || v < 1) throw new UserError(`--${name}: "${args[i + 1] ?? ''}" is not a whole number ≥ 1.`);
    return v;
  };
  const n = Number(first);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`gradient-lab terms: "${first}" is not a number of features (a whole number ≥ 1).`);
  const maxDegree = opt('degree', 3), rows = opt('rows', 1000);
  const fmt = (v: number): string => v.toLocaleString('en-US');
  const mb = (terms: number): string => `${fmt(Math.round((terms * rows * 4) / 2 ** 20))} MB`;
  out.write(`${fmt(n)} features: ${fmt(quadraticTermCount(n))} quadratic terms xᵢxⱼ (i ≤ j) alone — n(n+1)/2.\n`);
  out.write(`| degree | terms C(n+d, d) − 1 | float32 memory for ${fmt(rows)} rows |\n| --- | --- | --- |\n`);
  for (let d = 1; d <= maxDegree; d++) {
    const t = polynomialTermCount(n, d);
    out.write(`| ${d} | ${fmt(t)} | ${mb(t)} |\n`);
  }
  return 0;
}
