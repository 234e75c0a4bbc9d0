import { ModelBundle } from '../bundle/bundle';

/**
 * preprocessing.json: how a consumer of an exported model turns a raw row into its input
 * `features` — the columns in order with their encoding and missing-value fills, or the image
 * layout — and what the outputs mean. Standardization and the other fitted transforms are
 * inside the exported model, so they are listed for information only.
 */
export function preprocessingJson(bundle: ModelBundle, format: 'onnx' | 'pytorch'): string {
  const input = bundle.input;
  const doc = {
    model: bundle.name,
    task: bundle.task,
    input: {
      name: 'features',
      shape: ['N', bundle.encodedFeatures.length],
      dtype: 'float32',
      features: bundle.encodedFeatures,
      how: input.kind === 'table'
        ? 'For each column below, in order: numeric → the number; boolean → 1 for true/yes/t/y, else 0; date → days since 1970-01-01 (UTC); ' +
          'categorical → one value per category in the order listed, 1 for the row\'s category and 0 for the others (all 0 for a category not listed). ' +
          'A missing value becomes the column\'s "fill" first. Do not standardize: the model does.'
        : `Pixels row by row, channels last (height ${input.shape[0]} × width ${input.shape[1]} × channels ${input.shape[2]}), each multiplied by ${input.scale}.`,
      ...(input.kind === 'table' ? { columns: input.columns, label: input.label } : { image: { shape: input.shape, scale: input.scale, label: input.label } }),
    },
    insideTheModel: bundle.transforms.map((t) => t.type),
    outputs: bundle.task === 'classification'
      ? { probabilities: { shape: ['N', bundle.output.classes!.length], classes: bundle.output.classes }, ...(format === 'onnx' ? { class: { shape: ['N'], meaning: 'index into classes of the most probable class' } } : {}) }
      : { prediction: { shape: ['N', 1], meaning: `the predicted ${input.label}, in its own units` } },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
