/**
 * The model bundle (`model.json` beside `weights.bin` in a run folder): everything prediction
 * needs, as plain data — how a raw row is read and encoded, the fitted feature transforms, the
 * layers, and how the outputs become classes or values. engine/schema/model.schema.json documents
 * it; prediction, the ONNX export and the PyTorch export all read it, so they agree by construction.
 */
import { TableEncoding } from '../data/encode';
import { Dataset } from '../data/dataset';
import { FeatureTransform } from '../inputs/transforms';
import { ActivationLayer } from '../nn/layers/activation-layer';
import { Conv2D } from '../nn/layers/conv2d';
import { Dense } from '../nn/layers/dense';
import { Flatten } from '../nn/layers/flatten';
import { AvgPool2D, MaxPool2D } from '../nn/layers/pool2d';
import { LossName } from '../nn/losses';
import { Sequential } from '../nn/model';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type ModelBundle } from '../protocol/bundle';
export { BUNDLE_FORMAT, BUNDLE_VERSION } from '../protocol/bundle';
export type { ModelBundle, BundleInput, BundleLayer, WeightEntry } from '../protocol/bundle';
import type { BundleInput, BundleLayer, WeightEntry } from '../protocol/bundle';



/** Where each param starts in weights.bin: the layout run folders use for weights.json too. */
export function weightIndex(params: readonly { name: string; shape: readonly number[]; values: { length: number } }[]): WeightEntry[] {
  let offset = 0;
  return params.map((p) => {
    const entry = { name: p.name, shape: [...p.shape], offset, length: p.values.length };
    offset += p.values.length;
    return entry;
  });
}

/** Every param's float32 values, concatenated in order (weights.bin). */
export function weightBytes(params: readonly { values: Float32Array }[]): Uint8Array {
  const all = new Float32Array(params.reduce((n, p) => n + p.values.length, 0));
  let o = 0;
  for (const p of params) {
    all.set(p.values, o);
    o += p.values.length;
  }
  return new Uint8Array(all.buffer);
}

/** FNV-1a over the bytes: cheap, and enough to tell a torn or swapped weights.bin from its own. */
export function checksum(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A run folder's weights pair, as every writer (VS Code's run store, the CLI's --out) lays it
 * out: weights.bin, every param's float32 values in order, and weights.json, where each starts
 * plus the bin's size and checksum, so a reader can tell a torn or swapped pair.
 */
export function weightsFiles(params: readonly { name: string; shape: readonly number[]; values: Float32Array }[]): { bin: Uint8Array; index: string } {
  const bin = weightBytes(params);
  const meta = { dtype: 'float32', littleEndian: true, byteLength: bin.length, checksum: checksum(bin), params: weightIndex(params) };
  return { bin, index: JSON.stringify(meta, null, 2) + '\n' };
}

/** The bundle of a trained model; `data` is the dataset as read (before the split). */
export function describeModel(
  name: string, model: Sequential, data: Dataset & { encoding?: TableEncoding; pixelScale?: number },
  transforms: readonly FeatureTransform[], loss: LossName,
): ModelBundle {
  const outputs = model.dense[model.dense.length - 1]!.outputSize;
  const classification = data.task === 'classification';
  const input: BundleInput = data.imageShape
    ? { kind: 'image', shape: [...data.imageShape], label: data.labelName, scale: data.pixelScale ?? 1 }
    : data.encoding
      ? { kind: 'table', ...data.encoding }
      : { kind: 'table', columns: data.featureNames.map((n) => ({ name: n, kind: 'numeric' as const, fill: 0 })), label: data.labelName, missing: 'drop' };
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    name,
    task: data.task,
    input,
    encodedFeatures: [...data.featureNames],
    transforms: [...transforms],
    modelInputs: firstInputs(model),
    layers: model.layers.flatMap(describeLayer),
    output: {
      loss,
      transform: !classification ? 'identity' : outputs === 1 ? 'sigmoid' : 'softmax',
      ...(classification ? { classes: [...(data.classNames ?? [])] } : { labelScaling: { mean: 0, std: 1 } }),
    },
    weights: { file: 'weights.bin', dtype: 'float32', littleEndian: true, params: weightIndex(model.params.map((p) => ({ name: p.name, shape: p.shape, values: p.value }))) },
  };
}

function firstInputs(model: Sequential): number {
  const first = model.layers[0]!;
  if (first instanceof Dense) return first.inputSize;
  if (first instanceof Conv2D) return first.inputShape[0] * first.inputShape[1] * first.inputShape[2];
  throw new Error(`a model starts with a dense or conv2d layer, not ${first.kind}`);
}

function describeLayer(l: Sequential['layers'][number]): BundleLayer[] {
  if (l instanceof Dense) return [{ type: 'dense', name: l.name, inputs: l.inputSize, units: l.outputSize, weights: l.weights.name, bias: l.bias.name }];
  if (l instanceof ActivationLayer) return [{ type: 'activation', activation: l.fn.name }];
  if (l instanceof Conv2D) {
    const g = l.geometry;
    const pads: [number, number, number, number] = [
      g.padTop, g.padLeft,
      Math.max(0, (g.outH - 1) * g.stride + g.kH - g.inH - g.padTop),
      Math.max(0, (g.outW - 1) * g.stride + g.kW - g.inW - g.padLeft),
    ];
    return [{
      type: 'conv2d', name: l.name, inputShape: [...l.inputShape], filters: l.filters, kernel: l.kernel, stride: l.stride,
      padding: l.padding, pads, outputShape: [...l.outputShape], weights: l.weights.name, bias: l.bias.name,
    }];
  }
  if (l instanceof MaxPool2D || l instanceof AvgPool2D) {
    return [{ type: l.kind, inputShape: [...l.inputShape], size: l.size, stride: l.stride, outputShape: [...l.outputShape] }];
  }
  if (l instanceof Flatten) return [{ type: 'flatten', inputShape: [...l.inputShape] }];
  if (l.kind === 'dropout') return []; // the identity at prediction time
  throw new Error(`layer ${l.name} (${l.kind}) has no saved form`);
}
