import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { SYNTHETIC_HELP, SYNTHETIC_SETS, SyntheticName, isSyntheticName, syntheticDataset } from '../data/synthetic';
import { UserError } from '../errors';

/** Samples that are files shipped in samples/ rather than generated. */
const SHIPPED: Record<string, { files: string[]; help: string }> = {
  iris: { files: ['iris.csv'], help: "Fisher's Iris: 150 flowers, 4 measurements, 3 species" },
  digits: {
    files: ['digits/train-images-idx3-ubyte.gz', 'digits/train-labels-idx1-ubyte.gz', 'digits/t10k-images-idx3-ubyte.gz', 'digits/t10k-labels-idx1-ubyte.gz'],
    help: '5,000 handwritten digits from MNIST, 28×28, in IDX files (4,000 train + 1,000 test)',
  },
};

export const SAMPLE_NAMES = [...SYNTHETIC_SETS, ...Object.keys(SHIPPED)];

export const SAMPLE_HELP = `Usage: gradient-lab sample <name> [folder]

Writes a sample dataset into a folder (default: the current one):
${[...SYNTHETIC_SETS.map((n) => `  ${n.padEnd(12)} ${SYNTHETIC_HELP[n]} — a CSV of 500 points`), ...Object.entries(SHIPPED).map(([n, s]) => `  ${n.padEnd(12)} ${s.help}`)].join('\n')}`;

/** Where the shipped samples are: beside the bundle (dist/../samples) or the sources. */
function samplesFolder(): string {
  for (const dir of [path.join(__dirname, '..', 'samples'), path.join(__dirname, '..', '..', 'samples')]) {
    if (existsSync(path.join(dir, 'iris.csv'))) return dir;
  }
  throw new UserError('the bundled samples folder was not found next to Gradient Lab; reinstall it, or train on a built-in set such as "spiral".');
}

/** A synthetic set as CSV text: x1,x2,label. */
export function syntheticCsv(name: SyntheticName, samples = 500, noise = 0.1, seed = 7): string {
  const ds = syntheticDataset(name, { samples, noise, seed });
  const lines = ['x1,x2,label'];
  for (let i = 0; i < ds.rows; i++) lines.push(`${ds.x[2 * i]!.toPrecision(6)},${ds.x[2 * i + 1]!.toPrecision(6)},${ds.y[i]!.toPrecision(6).replace(/\.?0+$/, '')}`);
  return lines.join('\n') + '\n';
}

/** Runs `gradient-lab sample`: writes the files, refusing to overwrite any. */
export async function sampleCommand(args: string[], out: NodeJS.WriteStream): Promise<number> {
  const [name, folder = '.', ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    out.write(SAMPLE_HELP + '\n');
    return 0;
  }
  if (rest.length) throw new UserError(`gradient-lab sample takes a name and a folder, got also: ${rest.join(' ')}`);
  if (!SAMPLE_NAMES.includes(name)) throw new UserError(`there is no sample "${name}"; choose one of ${SAMPLE_NAMES.join(', ')}.`);
  const dir = path.resolve(folder);
  const written: string[] = [];
  const target = (file: string): string => {
    const t = path.join(dir, file);
    if (existsSync(t)) throw new UserError(`${t} already exists; Gradient Lab does not overwrite files. Choose another folder or remove it first.`);
    return t;
  };
  if (isSyntheticName(name)) {
    const t = target(`${name}.csv`);
    await mkdir(dir, { recursive: true });
    await writeFile(t, syntheticCsv(name), { flag: 'wx' });
    written.push(t);
  } else {
    const from = samplesFolder();
    const files = SHIPPED[name]!.files;
    const targets = files.map(target);
    for (const [i, file] of files.entries()) {
      await mkdir(path.dirname(targets[i]!), { recursive: true });
      await copyFile(path.join(from, file), targets[i]!, 1 /* COPYFILE_EXCL */);
      written.push(targets[i]!);
    }
  }
  out.write(`Wrote ${written.join(', ')}\nTry: gradient-lab train ${path.relative(process.cwd(), written[0]!) || written[0]}\n`);
  return 0;
}
