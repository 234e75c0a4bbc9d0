/**
 * The PyTorch export: a small project folder with model.py (an nn.Module built from model.json),
 * data.py (reads files with the bundle's encoding), train.py (predicts, or trains again from the
 * config, on one process or under torchrun), the weights, and a README. The Python files are
 * fixed sources kept beside this module (engine/export/pytorch/), carried by the bundles as
 * text; the model is data. Pure: the caller writes the files (node:fs in the CLI,
 * `vscode.workspace.fs` in the extension).
 */
import { ModelBundle } from '../bundle/bundle';
import { weightBytes } from '../bundle/bundle';
import type { SavedModel } from '../bundle/saved-model';
import { UserError } from '../errors';
import type { ExportFile } from './files';
import { preprocessingJson } from './preprocessing';
import dataPy from './pytorch/data.py';
import modelPy from './pytorch/model.py';
import trainPy from './pytorch/train.py';

/**
 * The project's files, by name inside its folder. `datasetFile` is the training file as
 * train.py should read it (the caller resolves a stored relative path, so the project can move).
 */
export function pytorchProject(saved: SavedModel, datasetFile: string | undefined): ExportFile[] {
  if (!saved.config) throw new UserError(`${saved.dir}: the run has no readable config.json, which train.py needs; train the run again.`);
  const text = new TextEncoder();
  const bundle = saved.bundle;
  const config = structuredClone(saved.config);
  if (config.dataset.file && datasetFile) config.dataset.file = datasetFile;
  const files: [string, string | Uint8Array][] = [
    ['model.py', modelPy],
    ['data.py', dataPy],
    ['train.py', trainPy],
    ['model.json', JSON.stringify(bundle, null, 1) + '\n'],
    ['weights.bin', weightBytes(bundle.weights.params.map((p) => ({ values: saved.weights.subarray(p.offset, p.offset + p.length) })))],
    ['config.json', JSON.stringify(config, null, 2) + '\n'],
    ['preprocessing.json', preprocessingJson(bundle, 'pytorch')],
    ['README.md', readme(bundle, config.dataset.file)],
  ];
  return files.map(([path, data]) => ({ path, bytes: typeof data === 'string' ? text.encode(data) : data }));
}

function architecture(bundle: ModelBundle): string {
  return bundle.layers.map((l) => {
    switch (l.type) {
      case 'dense': return `- ${l.name}: Linear(${l.inputs} → ${l.units})`;
      case 'activation': return `- ${l.activation}`;
      case 'conv2d': return `- ${l.name}: Conv2d(${l.inputShape[2]} → ${l.filters}, ${l.kernel}×${l.kernel}, stride ${l.stride}, pads ${l.pads.join('/')})`;
      case 'maxpool2d': case 'avgpool2d': return `- ${l.type}: ${l.size}×${l.size}, stride ${l.stride}`;
      case 'flatten': return `- flatten (channels-last, ${l.inputShape.join('×')})`;
    }
  }).join('\n');
}

function readme(bundle: ModelBundle, dataFile: string | undefined): string {
  const task = bundle.task === 'classification' ? `classification into ${bundle.output.classes!.length} classes (${bundle.output.classes!.slice(0, 10).join(', ')}${bundle.output.classes!.length > 10 ? ', …' : ''})` : 'regression';
  return `# ${bundle.name} — exported from Gradient Lab

A ${task} model trained in Gradient Lab, as a PyTorch project. It needs Python 3.9+ and
PyTorch 1.12 or later (nothing else).

| file | what it is |
| --- | --- |
| \`model.py\` | \`GradientLabModel\`, an \`nn.Module\` built from \`model.json\`: the fitted feature transforms, then the layers below |
| \`model.json\` | the model bundle Gradient Lab saved with the run (encoding, transforms, layers, classes) |
| \`weights.bin\` | the trained weights (float32, little-endian; \`model.json\` says where each tensor is) |
| \`data.py\` | reads CSV/TSV/JSON/JSONL tables and IDX image pairs with the same encoding as Gradient Lab |
| \`train.py\` | predicts, or trains the experiment again |
| \`config.json\` | the experiment (Gradient Lab's config) that \`train.py\` trains |
| \`preprocessing.json\` | how a raw row becomes the model's input \`features\` |

Layers:

${architecture(bundle)}

## Predict

    python train.py --predict new-data.csv --out predictions.csv

writes the same CSV as \`gradient-lab predict\`: the row number, the predicted class or value and,
for classification, each class's probability; with the label column present it prints the
accuracy or R². \`--weights trained.pt\` predicts with weights trained by \`train.py\` instead.

## Train again, on one machine

    python train.py

trains from new initial weights on ${dataFile ? `\`${dataFile}\`` : 'the file given with `--data`'}
(\`--data FILE\` for another), with the config's initializer, optimizer and hyperparameters
(PyTorch's own implementations), loss, batch size, epochs and seeds. The validation rows are
exactly Gradient Lab's (its split is reproduced from the data seed); the shuffling and the initial
weights come from PyTorch's generator, so the numbers are close to, not equal to, Gradient Lab's.
The fitted feature transforms (standardization, PCA, …) are those of the saved model. Each epoch
prints the loss and accuracy (or R²); the end prints a JSON summary and saves \`trained.pt\`.

## Train on several processes

    torchrun --standalone --nproc_per_node=4 train.py

runs the same training on 4 processes (\`--standalone\` finds a free local port for the rendezvous) with \`DistributedDataParallel\` (the \`gloo\` backend on CPU,
\`nccl\` when CUDA is available) and a \`DistributedSampler\`; the config's batch size is the global
batch (each process takes its share) and only rank 0 prints and saves.

## Train on a cluster

On each of N machines (here 2 machines with 8 processes each), with the same folder and data:

    torchrun --nnodes=2 --nproc_per_node=8 --rdzv-id=job1 --rdzv-backend=c10d \\
             --rdzv-endpoint=HOST_OF_NODE_0:29400 train.py

(\`--rdzv_endpoint\` with an underscore on PyTorch before 1.13.)
`;
}
