/** The ONNX export's files: the model and, beside it, preprocessing.json (how a raw row becomes `features`). Pure. */
import type { SavedModel } from '../bundle/saved-model';
import type { ExportFile } from './files';
import { encodeOnnx } from './onnx-file';
import { bundleToOnnx } from './onnx-graph';
import { preprocessingJson } from './preprocessing';

/** The gradient-lab version written into exported files. */
export const EXPORT_VERSION = '0.1.0';

/** `modelName` (e.g. `iris.onnx`) and `preprocessing.json`, both in the one folder. */
export function onnxExport(saved: SavedModel, modelName: string): ExportFile[] {
  return [
    { path: modelName, bytes: encodeOnnx(bundleToOnnx(saved.bundle, saved.weights, EXPORT_VERSION)) },
    { path: 'preprocessing.json', bytes: new TextEncoder().encode(preprocessingJson(saved.bundle, 'onnx')) },
  ];
}
