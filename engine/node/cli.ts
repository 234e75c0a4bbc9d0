import { isUserError } from '../errors';
import { COMPARE_HELP, compareCommand } from './compare-command';
import { INSPECT_HELP, inspectCommand } from './inspect-command';
import { LANDSCAPE_HELP, landscapeCommand } from './landscape-command';
import { WANN_HELP, wannCommand } from './wann-command';
import { MODELS_HELP, modelsCommand } from './models-command';
import { TERMS_HELP, termsCommand } from './terms-command';
import { SAMPLE_HELP, sampleCommand } from './sample-command';
import { TRAIN_HELP, trainCommand } from './train-command';
import { PREDICT_HELP, predictCommand } from './predict-command';
import { EXPORT_HELP, exportCommand } from './export-command';
import { installThreadPlatform } from '../parallel/platform';
import { nodeThreads } from './pool-threads';

installThreadPlatform(nodeThreads);

const HELP = `Gradient Lab — see how neural networks learn.

Usage:
  gradient-lab train <dataset> [options]   train a model and print the live loss
  gradient-lab predict <run> <file>        predict a new data file with a saved run's model
  gradient-lab export <run> --format onnx|pytorch --out <path>   export a saved model
  gradient-lab inspect <dataset>           what Gradient Lab reads in a data file
  gradient-lab sample <name> [folder]      write a sample dataset (spiral, iris, digits, …)
  gradient-lab compare <exp.glab.json>...  train experiments over several seeds, print a table
  gradient-lab models <dataset>            compare logistic, polynomial, SVM, PCA→logistic, MLP
  gradient-lab terms <features>            how many polynomial terms, and their memory
  gradient-lab landscape <what> ...        loss surfaces, convexity, slices, curvature, optimizer races
  gradient-lab wann <dataset>              search for a weight-agnostic network (Gaier & Ha 2019)
  gradient-lab help [command]              this text, or a command's options

<dataset> is a built-in set (spiral, circle, xor, gauss, moons, circles, plane, multi-gauss)
or a file: .csv .tsv .txt .json .jsonl, IDX (.gz) or a folder of class folders of images.
Run "gradient-lab help train" for the training options.`;

/**
 * A reader that closed the pipe (`gradient-lab train … | head -1`) has all it wanted: end quietly
 * with exit 0 instead of an EPIPE stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (typeof stream.on !== 'function' || stream.listenerCount?.('error') > 0) return;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

type Command = (args: string[], out: NodeJS.WriteStream, err: NodeJS.WriteStream) => Promise<number>;

const commands: Record<string, { run: Command; help: string }> = {
  train: { run: trainCommand, help: TRAIN_HELP },
  predict: { run: predictCommand, help: PREDICT_HELP },
  export: { run: exportCommand, help: EXPORT_HELP },
  inspect: { run: inspectCommand, help: INSPECT_HELP },
  sample: { run: sampleCommand, help: SAMPLE_HELP },
  compare: { run: compareCommand, help: COMPARE_HELP },
  models: { run: modelsCommand, help: MODELS_HELP },
  terms: { run: termsCommand, help: TERMS_HELP },
  landscape: { run: landscapeCommand, help: LANDSCAPE_HELP },
  wann: { run: wannCommand, help: WANN_HELP },
};

/** The CLI's entry: runs one command and returns the process exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && rest[0] ? commands[rest[0]] : undefined;
    out.write((topic?.help ?? HELP) + '\n');
    return 0;
  }
  quietOnClosedPipe(out);
  quietOnClosedPipe(err);
  const command = commands[name];
  if (!command) {
    err.write(`gradient-lab: there is no command "${name}". Commands: ${Object.keys(commands).join(', ')}. Run "gradient-lab help".\n`);
    return 2;
  }
  try {
    return await command.run(rest, out, err);
  } catch (e) {
    if (isUserError(e)) {
      err.write(`gradient-lab ${name}: ${e.message}\n`);
      return 2;
    }
    const debug = Boolean(process.env.GRADIENT_LAB_DEBUG);
    err.write(`gradient-lab ${name}: internal error: ${(e as Error)?.message ?? String(e)}\n` +
      (debug ? `${(e as Error)?.stack}\n` : 'This is a bug in Gradient Lab; run again with GRADIENT_LAB_DEBUG=1 to see where, and report it.\n'));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
