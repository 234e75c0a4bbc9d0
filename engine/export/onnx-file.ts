/**
 * Encodes an ONNX model to protobuf bytes with protobufjs and the ONNX message definitions in
 * onnx.proto (a subset of the specification's file), which the bundles carry as text. Pure: no
 * file is read or written here.
 */
import * as protobuf from 'protobufjs';
import onnxProtoText from './onnx.proto';
import { OnnxModel } from './onnx-graph';

let modelType: protobuf.Type | undefined;

/** The model's protobuf bytes (an .onnx file). */
export function encodeOnnx(model: OnnxModel): Uint8Array {
  modelType ??= protobuf.parse(onnxProtoText, { keepCase: false }).root.lookupType('onnx.ModelProto');
  const problem = modelType.verify(model);
  if (problem) throw new Error(`the ONNX model does not fit onnx.proto: ${problem}`);
  return modelType.encode(modelType.fromObject(model)).finish();
}

/** Decodes an .onnx file (for tests and tools). */
export function decodeOnnx(bytes: Uint8Array): Record<string, unknown> {
  modelType ??= protobuf.parse(onnxProtoText, { keepCase: false }).root.lookupType('onnx.ModelProto');
  return modelType.toObject(modelType.decode(bytes), { longs: Number, bytes: Array, defaults: false });
}
