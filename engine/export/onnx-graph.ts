/**
 * A model bundle as an ONNX graph (opset 13), as plain objects shaped like onnx.proto's messages:
 * input `features` [N, F] (the encoded features, before standardization), the fitted transforms,
 * every layer (channels-last images go to ONNX's NCHW around the conv stack), and the outputs
 * `probabilities` [N, C] and `class` [N] (classification) or `prediction` [N, 1] (regression).
 */
import { ActivationName, LEAKY_SLOPE } from '../nn/activations';
import { BundleLayer, ModelBundle } from '../bundle/bundle';
import { FeatureTransform } from '../inputs/transforms';

export const ONNX_OPSET = 13;
/** IR version 7 is the one that goes with opset 13 (ONNX 1.8), so older runtimes read the file too. */
export const ONNX_IR_VERSION = 7;

const FLOAT = 1, INT64 = 7;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export interface OnnxTensor { name: string; dims: number[]; dataType: number; rawData: Uint8Array }
export interface OnnxAttribute { name: string; type: number; f?: number; i?: number; ints?: number[] }
export interface OnnxNode { input: string[]; output: string[]; name: string; opType: string; attribute: OnnxAttribute[] }
export interface OnnxValueInfo { name: string; type: { tensorType: { elemType: number; shape: { dim: ({ dimValue: number } | { dimParam: string })[] } } } }
export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: { name: string; node: OnnxNode[]; initializer: OnnxTensor[]; input: OnnxValueInfo[]; output: OnnxValueInfo[] };
  metadataProps: { key: string; value: string }[];
}

function floats(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor {
  const a = Float32Array.from(values);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(a.buffer) };
}

function int64s(name: string, values: number[]): OnnxTensor {
  const a = BigInt64Array.from(values.map(BigInt));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(a.buffer) };
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): OnnxValueInfo {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } };
}

/** Builds nodes with fresh names for intermediate values. */
class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private count = 0;

  constant(prefix: string, dims: number[], values: ArrayLike<number>): string {
    const name = `${prefix}_${this.count++}`;
    this.initializers.push(floats(name, dims, values));
    return name;
  }

  ints(prefix: string, values: number[]): string {
    const name = `${prefix}_${this.count++}`;
    this.initializers.push(int64s(name, values));
    return name;
  }

  op(opType: string, inputs: string[], attributes: OnnxAttribute[] = [], output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push({ input: inputs, output: [out], name: `${opType}_${this.nodes.length}`, opType, attribute: attributes });
    return out;
  }
}

const ints = (name: string, values: number[]): OnnxAttribute => ({ name, type: ATTR.INTS, ints: values });
const int = (name: string, value: number): OnnxAttribute => ({ name, type: ATTR.INT, i: value });
const float = (name: string, value: number): OnnxAttribute => ({ name, type: ATTR.FLOAT, f: value });

/** The ONNX model of a bundle and its weights. */
export function bundleToOnnx(bundle: ModelBundle, weights: Float32Array, producerVersion: string): OnnxModel {
  const g = new GraphBuilder();
  const param = (name: string): Float32Array => {
    const p = bundle.weights.params.find((q) => q.name === name);
    if (!p) throw new Error(`the bundle has no weights named ${name}`);
    return weights.subarray(p.offset, p.offset + p.length);
  };
  let x = 'features';
  let width = bundle.encodedFeatures.length;
  for (const t of bundle.transforms) ({ x, width } = addTransform(g, t, x, width));
  let nchw = false;
  for (const l of bundle.layers) {
    if (l.type === 'conv2d' || l.type === 'maxpool2d' || l.type === 'avgpool2d') {
      if (!nchw) {
        const [h, w, c] = l.inputShape;
        x = g.op('Transpose', [g.op('Reshape', [x, g.ints('image_shape', [-1, h, w, c])])], [ints('perm', [0, 3, 1, 2])]);
        nchw = true;
      }
    }
    x = addLayer(g, l, x, param);
    if (l.type === 'flatten') nchw = false;
  }
  const outputs: OnnxValueInfo[] = [];
  const out = bundle.output;
  if (out.transform === 'identity') {
    const s = out.labelScaling ?? { mean: 0, std: 1 };
    g.op('Add', [g.op('Mul', [x, g.constant('label_std', [1], [s.std])]), g.constant('label_mean', [1], [s.mean])], [], 'prediction');
    outputs.push(valueInfo('prediction', FLOAT, ['N', 1]));
  } else {
    const classes = out.classes!.length;
    if (out.transform === 'sigmoid') {
      const p = g.op('Sigmoid', [x]);
      g.op('Concat', [g.op('Sub', [g.constant('one', [1], [1]), p]), p], [int('axis', 1)], 'probabilities');
    } else g.op('Softmax', [x], [int('axis', 1)], 'probabilities');
    g.op('ArgMax', ['probabilities'], [int('axis', 1), int('keepdims', 0)], 'class');
    outputs.push(valueInfo('probabilities', FLOAT, ['N', classes]), valueInfo('class', INT64, ['N']));
  }
  return {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'gradient-lab',
    producerVersion,
    docString: `${bundle.name}: ${bundle.task}; input "features" holds the encoded features (see preprocessing.json), before standardization`,
    graph: { name: bundle.name || 'model', node: g.nodes, initializer: g.initializers, input: [valueInfo('features', FLOAT, ['N', bundle.encodedFeatures.length])], output: outputs },
    metadataProps: [
      { key: 'task', value: bundle.task },
      ...(out.classes ? [{ key: 'classes', value: JSON.stringify(out.classes) }] : []),
      { key: 'features', value: JSON.stringify(bundle.encodedFeatures) },
    ],
  };
}

function addTransform(g: GraphBuilder, t: FeatureTransform, x: string, width: number): { x: string; width: number } {
  switch (t.type) {
    case 'standardize':
      return { x: g.op('Div', [g.op('Sub', [x, g.constant('mean', [width], t.mean)]), g.constant('std', [width], t.std)]), width };
    case 'crosses': {
      const column = (i: number) => g.op('Gather', [x, g.ints('column', [i])], [int('axis', 1)]);
      const parts = t.crosses.map((c) => {
        const a = column(c.a);
        return c.kind === 'sin' ? g.op('Sin', [a]) : g.op('Mul', [a, c.kind === 'square' ? a : column(c.b)]);
      });
      return { x: g.op('Concat', [x, ...parts], [int('axis', 1)]), width: width + t.crosses.length };
    }
    case 'polynomial': {
      // Each term multiplies up to `degree` columns; a column of ones (index `width`) pads shorter terms.
      const degree = t.terms.reduce((d, e) => Math.max(d, e.reduce((a, b) => a + b, 0)), 1);
      const index = t.terms.flatMap((e) => {
        const cols = e.flatMap((p, i) => Array<number>(p).fill(i));
        return [...cols, ...Array<number>(degree - cols.length).fill(width)];
      });
      const first = g.op('Gather', [x, g.ints('column', [0])], [int('axis', 1)]);
      const ones = g.op('Add', [g.op('Mul', [first, g.constant('zero', [1], [0])]), g.constant('one', [1], [1])]);
      const padded = g.op('Concat', [x, ones], [int('axis', 1)]);
      const indices = g.ints('terms', index);
      const shaped = g.op('Reshape', [indices, g.ints('terms_shape', [t.terms.length, degree])]);
      const gathered = g.op('Gather', [padded, shaped], [int('axis', 1)]);
      return { x: g.op('ReduceProd', [gathered], [ints('axes', [2]), int('keepdims', 0)]), width: t.terms.length };
    }
    case 'pca': {
      const centered = g.op('Sub', [x, g.constant('pca_mean', [width], t.mean)]);
      return { x: g.op('MatMul', [centered, g.constant('pca_components', [width, t.k], transpose(t.components, t.k, width))]), width: t.k };
    }
    case 'random-fourier': {
      const z = g.op('Add', [g.op('MatMul', [x, g.constant('rff_w', [width, t.outputs], transpose(t.w, t.outputs, width))]), g.constant('rff_b', [t.outputs], t.b)]);
      return { x: g.op('Mul', [g.op('Cos', [z]), g.constant('rff_scale', [1], [Math.sqrt(2 / t.outputs)])]), width: t.outputs };
    }
  }
}

/** rows × cols (row-major) → cols × rows. */
function transpose(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

function addLayer(g: GraphBuilder, l: BundleLayer, x: string, param: (name: string) => Float32Array): string {
  switch (l.type) {
    case 'dense':
      return g.op('Gemm', [x, g.constant(`${l.name}_w`, [l.inputs, l.units], param(l.weights)), g.constant(`${l.name}_b`, [l.units], param(l.bias))]);
    case 'activation':
      return addActivation(g, l.activation, x);
    case 'conv2d': {
      // Engine weights are [ky, kx, c, filter] (HWIO, flattened); ONNX wants [filter, c, ky, kx] (OIHW).
      const w = param(l.weights), k = l.kernel, c = l.inputShape[2], f = l.filters;
      const oihw = new Float32Array(w.length);
      for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) for (let ci = 0; ci < c; ci++) for (let fi = 0; fi < f; fi++) {
        oihw[((fi * c + ci) * k + ky) * k + kx] = w[((ky * k + kx) * c + ci) * f + fi]!;
      }
      return g.op('Conv', [x, g.constant(`${l.name}_w`, [f, c, k, k], oihw), g.constant(`${l.name}_b`, [f], param(l.bias))], [
        ints('kernel_shape', [k, k]), ints('strides', [l.stride, l.stride]), ints('pads', l.pads), ints('dilations', [1, 1]),
      ]);
    }
    case 'maxpool2d':
    case 'avgpool2d':
      return g.op(l.type === 'maxpool2d' ? 'MaxPool' : 'AveragePool', [x], [ints('kernel_shape', [l.size, l.size]), ints('strides', [l.stride, l.stride])]);
    case 'flatten': {
      const [h, w, c] = l.inputShape;
      // Back to channels-last before flattening, so the dense weights see the engine's order.
      return g.op('Reshape', [g.op('Transpose', [x], [ints('perm', [0, 2, 3, 1])]), g.ints('flat_shape', [-1, h * w * c])]);
    }
  }
}

const GELU_C = Math.sqrt(2 / Math.PI), GELU_A = 0.044715;

function addActivation(g: GraphBuilder, a: ActivationName, x: string): string {
  switch (a) {
    case 'linear': return x;
    case 'relu': return g.op('Relu', [x]);
    case 'leaky-relu': return g.op('LeakyRelu', [x], [float('alpha', LEAKY_SLOPE)]);
    case 'tanh': return g.op('Tanh', [x]);
    case 'sigmoid': return g.op('Sigmoid', [x]);
    case 'sin': return g.op('Sin', [x]);
    case 'softplus': return g.op('Softplus', [x]);
    case 'gelu': {
      // The tanh form the engine uses: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); opset 13 has no Gelu.
      const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
      const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, g.constant('gelu_a', [1], [GELU_A])])]), g.constant('gelu_c', [1], [GELU_C])]);
      const t = g.op('Add', [g.op('Tanh', [inner]), g.constant('one', [1], [1])]);
      return g.op('Mul', [g.op('Mul', [x, t]), g.constant('half', [1], [0.5])]);
    }
  }
}
