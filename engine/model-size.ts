import { planConvStack } from './nn/conv-stack';
import { whereToRaise } from './data/limits';
import { UserError } from './errors';
import { ModelSpec } from './nn/model';
import { OptimizerName } from './nn/optimizers';

/** Megabytes, or gigabytes past 10 GB. */
function mb(bytes: number): string {
  const m = bytes / 2 ** 20;
  return m >= 10240 ? `${(m / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} GB` : `${m.toFixed(m < 10 ? 1 : 0)} MB`;
}

/** Default memory limit for one model: weights, gradients, optimizer state, a batch of activations. */
export const DEFAULT_MAX_MODEL_BYTES = 1024 * 1024 * 1024;

/** Values the optimizer keeps per parameter. */
const STATE_PER_PARAM: Record<OptimizerName, number> = { sgd: 0, momentum: 1, nesterov: 1, adagrad: 1, rmsprop: 1, adam: 2, adamw: 2 };

/** What a model will take, computed from its spec before anything is allocated. */
export interface ModelSize {
  readonly parameters: number;
  /** Weights, their gradients and the last-good copy the trainer keeps (3 floats per parameter). */
  readonly weightBytes: number;
  readonly optimizerBytes: number;
  /** Layer outputs and their gradients for one batch (and im2col buffers of conv layers). */
  readonly activationBytes: number;
  readonly totalBytes: number;
}

/** Sizes the model of `spec` trained by `optimizer` on batches of `batch` rows. */
export function modelSize(spec: ModelSpec, optimizer: OptimizerName, batch: number): ModelSize {
  let parameters = 0;
  let perRow = spec.inputs;
  let inputs = spec.inputs;
  if (spec.conv?.length && spec.imageShape) {
    let shape = spec.imageShape;
    const { shapes } = planConvStack(shape, spec.conv);
    spec.conv.forEach((s, i) => {
      const out = shapes[i];
      if (!out) return;
      if (s.type === 'conv2d') {
        parameters += s.kernel * s.kernel * shape[2] * s.filters + s.filters;
        perRow += out[0] * out[1] * s.kernel * s.kernel * shape[2]; // im2col patches
        perRow += 2 * out[0] * out[1] * out[2]; // conv output and its activation
      } else perRow += out[0] * out[1] * out[2];
      shape = out;
    });
    inputs = shape[0] * shape[1] * shape[2];
  }
  for (const h of [...spec.hidden.map((l) => l.units), spec.outputs]) {
    parameters += inputs * h + h;
    perRow += 2 * h; // pre-activation and activation
    inputs = h;
  }
  const rows = Math.max(batch, 256); // evaluation runs 256-row chunks
  const weightBytes = 3 * parameters * 4;
  const optimizerBytes = STATE_PER_PARAM[optimizer] * parameters * 4;
  const activationBytes = 2 * perRow * rows * 4; // values forward, gradients backward
  return { parameters, weightBytes, optimizerBytes, activationBytes, totalBytes: weightBytes + optimizerBytes + activationBytes };
}

/** Refuses a model over the limit with its numbers and where to raise the limit; returns its size otherwise. */
export function checkModelSize(spec: ModelSpec, optimizer: OptimizerName, batch: number, maxBytes = DEFAULT_MAX_MODEL_BYTES): ModelSize {
  const s = modelSize(spec, optimizer, batch);
  if (s.totalBytes <= maxBytes) return s;
  const layers = [spec.inputs, ...spec.hidden.map((h) => h.units), spec.outputs].map((n) => n.toLocaleString('en-US')).join('-');
  throw new UserError(
    `the model ${layers}${spec.conv?.length ? ' (after its conv layers)' : ''} has ${s.parameters.toLocaleString('en-US')} parameters and would need ` +
      `${mb(s.totalBytes)}: ${mb(s.weightBytes)} for weights, gradients and a last-good copy, ${mb(s.optimizerBytes)} of ${optimizer} state, ` +
      `${mb(s.activationBytes)} of activations for a batch of ${Math.max(batch, 256)} rows; the limit is ${mb(maxBytes)}. ` +
      `Use smaller hidden layers (--model), or raise the limit with ${whereToRaise('maxModelMegabytes')} if this machine has the memory.`,
  );
}
