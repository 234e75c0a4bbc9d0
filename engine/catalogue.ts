/**
 * The catalogue: every name and help text the UI shows for a choice the engine offers, and
 * nothing else. It imports nothing, so it is the one engine file the webview may take values
 * from (dependency-cruiser holds that); the engine files that implement each choice import their
 * names from here.
 */

// Optimizers (engine/nn/optimizers.ts).

export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** One line per optimizer, for pickers and help text. */
export const OPTIMIZER_HELP: Record<OptimizerName, string> = {
  sgd: 'plain gradient descent: w ← w − η·g',
  momentum: 'heavy ball: a velocity that accumulates past gradients rolls through plateaus and ravines',
  nesterov: 'momentum that looks ahead: corrects the velocity with the gradient where it is about to land',
  adagrad: 'per-weight step sizes that shrink with the sum of squared gradients — good for sparse features',
  rmsprop: 'per-weight step sizes from a moving average of squared gradients — escapes plateaus',
  adam: 'momentum plus RMSprop with bias correction — the usual default',
  adamw: 'Adam with weight decay applied to the weights directly rather than through the gradient',
};

// Weight initializers (engine/nn/init.ts; its InitSpec union is checked against INIT_KINDS there).

export const INIT_KINDS = [
  'zeros', 'constant', 'uniform', 'normal', 'glorot-uniform', 'glorot-normal',
  'he-uniform', 'he-normal', 'lecun-uniform', 'lecun-normal', 'orthogonal',
] as const;
export type InitKind = (typeof INIT_KINDS)[number];

/** One line per initializer, for pickers and help text. */
export const INIT_HELP: Record<InitKind, string> = {
  zeros: 'all 0 — every neuron of a layer stays identical (and ReLU/tanh layers get no gradient)',
  constant: 'all the same value c — neurons of a layer stay identical forever (gradient symmetry)',
  uniform: 'uniform in [min, max]',
  normal: 'normal with mean μ and standard deviation σ',
  'glorot-uniform': 'uniform with variance 2/(fan_in+fan_out) — for tanh and sigmoid layers (Xavier)',
  'glorot-normal': 'normal with variance 2/(fan_in+fan_out) — for tanh and sigmoid layers (Xavier)',
  'he-uniform': 'uniform with variance 2/fan_in — for ReLU layers (Kaiming)',
  'he-normal': 'normal with variance 2/fan_in — for ReLU layers (Kaiming)',
  'lecun-uniform': 'uniform with variance 1/fan_in — for SELU and linear layers',
  'lecun-normal': 'normal with variance 1/fan_in — for SELU and linear layers',
  orthogonal: 'a random orthogonal matrix times a gain — keeps signal norms in deep linear stacks',
};

// Layer activations (engine/nn/activations.ts).

/** The activation functions a layer can apply, by the names configs use. */
export const ACTIVATIONS = ['linear', 'relu', 'leaky-relu', 'tanh', 'sigmoid', 'sin', 'gelu', 'softplus'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

// Optimizer race test functions (shared/test-functions.ts).

export const TEST_FUNCTION_NAMES = ['rosenbrock', 'beale', 'himmelblau', 'monkey-saddle', 'saddle', 'bowl'] as const;
export type TestFunctionName = (typeof TEST_FUNCTION_NAMES)[number];

// Exact two-parameter loss surfaces (engine/landscape/exact-surface.ts).

/** The losses a two-parameter model (z = w·x + b) can be shown with; names as in engine/losses. */
export const SURFACE_LOSSES = ['mse', 'mse-on-sigmoid', 'binary-cross-entropy', 'hinge'] as const;
export type SurfaceLoss = (typeof SURFACE_LOSSES)[number];

/** What each surface is, for titles and help text. */
export const SURFACE_LOSS_HELP: Record<SurfaceLoss, string> = {
  mse: 'linear regression, squared error: a convex bowl (a valley when x has little spread)',
  'mse-on-sigmoid': 'logistic model, squared error on σ(z): flat plateaus where σ saturates — not convex',
  'binary-cross-entropy': 'logistic regression, log loss: convex',
  hinge: 'linear SVM, max(0, 1 − y·z) with y = ±1: convex, piecewise linear',
};

// Weight-agnostic network node activations (engine/wann/activations.ts).

export const WANN_ACTIVATIONS = ['linear', 'step', 'sin', 'gaussian', 'tanh', 'sigmoid', 'inverse', 'abs', 'relu', 'cosine'] as const;
export type WannActivation = (typeof WANN_ACTIVATIONS)[number];

/** One line per activation, for legends and help text. */
export const WANN_ACTIVATION_HELP: Record<WannActivation, string> = {
  linear: 'x',
  step: '1 if x > 0, else 0',
  sin: 'sin(πx)',
  gaussian: 'exp(−x²/2)',
  tanh: 'tanh(x)',
  sigmoid: '1 / (1 + e^−x)',
  inverse: '−x',
  abs: '|x|',
  relu: 'max(0, x)',
  cosine: 'cos(πx)',
};

/** Whether `name` is a WANN activation. */
export function isWannActivation(name: unknown): name is WannActivation {
  return typeof name === 'string' && (WANN_ACTIVATIONS as readonly string[]).includes(name);
}

// Compare Models families (engine/presets.ts).

/** The model families issue's "compare models" puts side by side, each as a config fragment. */
export const MODEL_PRESETS = ['linear-regression', 'logistic-regression', 'polynomial-logistic', 'svm', 'kernel-svm', 'pca-logistic', 'mlp'] as const;
export type ModelPreset = (typeof MODEL_PRESETS)[number];

/** One line per family, for pickers and help text. */
export const PRESET_HELP: Record<ModelPreset, string> = {
  'linear-regression': 'no hidden layer, MSE: a straight line (plane) through the data',
  'logistic-regression': 'no hidden layer, cross-entropy: a straight decision boundary',
  'polynomial-logistic': 'logistic regression on polynomial terms: circles, ellipses, parabolas, hyperbolas',
  svm: 'no hidden layer, hinge loss with L2: the maximum-margin straight boundary',
  'kernel-svm': 'hinge loss on random Fourier features: an RBF-kernel SVM stand-in',
  'pca-logistic': 'logistic regression on the first principal components',
  mlp: 'a neural network with hidden layers: learns its own features',
};

// Layer Features top activations (engine/probes/ranking.ts).

/** How the lists are ranked, for the view to say. */
export const TOP_RANKING = 'pre-activation';

// Polynomial features (shared/term-report.ts).

/** Highest degree the engine expands (the 1–6). */
export const MAX_DEGREE = 6;

// Losses (engine/nn/losses.ts).
export const LOSSES = ['mse', 'binary-cross-entropy', 'softmax-cross-entropy', 'hinge', 'mse-on-sigmoid'] as const;
export type LossName = (typeof LOSSES)[number];

/** One line per loss, for pickers and help text. */
export const LOSS_HELP: Record<LossName, string> = {
  mse: 'mean squared error — regression; convex for a linear model',
  'binary-cross-entropy': 'log loss on a sigmoid of one output — two classes; convex for logistic regression',
  'softmax-cross-entropy': 'log loss on a softmax of one output per class — several classes',
  hinge: 'max(0, 1 − y·z) — the linear SVM loss; convex; several classes use the Weston–Watkins form',
  'mse-on-sigmoid': 'squared error on a sigmoid output — the classic non-convex example, kept for teaching',
};

// Synthetic datasets (engine/data/synthetic.ts).
/**
 * Two-dimensional toy sets. The first seven follow the TensorFlow Playground's generators
 * (points in [−6, 6]², noise 0–0.5 as a fraction of the range); `moons` and `circles` follow
 * scikit-learn's make_moons / make_circles (noise is a Gaussian standard deviation), the latter
 * being the data of deeplearning.ai's "Initialization" exercise.
 */
export const SYNTHETIC_SETS = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'circles', 'plane', 'multi-gauss'] as const;
export type SyntheticName = (typeof SYNTHETIC_SETS)[number];

/** One line per set, for pickers and help text. */
export const SYNTHETIC_HELP: Record<SyntheticName, string> = {
  circle: 'a disc of one class inside a ring of the other (Playground)',
  xor: 'the four quadrants, alternating classes (Playground)',
  gauss: 'two Gaussian blobs, one per class (Playground)',
  spiral: 'two interleaved spirals — needs a deep or wide network (Playground)',
  moons: 'two interleaving half circles (scikit-learn make_moons)',
  circles: 'two concentric rings, inner radius 0.8 (scikit-learn make_circles; deeplearning.ai)',
  plane: 'regression: the label rises linearly across the plane (Playground)',
  'multi-gauss': 'regression: six Gaussian bumps of alternating sign (Playground)',
};
