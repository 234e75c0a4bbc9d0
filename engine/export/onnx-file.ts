/**
 * Encodes an ONNX model to protobuf bytes with protobufjs and the ONNX message definitions in
 * onnx.proto (a subset of the specification's file), read at run time beside this module or,
 * from the bundles in dist/, in engine/export/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { OnnxModel } from './onnx-graph';

let modelType: protobuf.Type | undefined;

function onnxProtoText(): string {
  const candidates = [join(__dirname, 'onnx.proto'), join(__dirname, '..', 'engine', 'export', 'onnx.proto')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`onnx.proto is missing (looked in ${candidates.join(' and ')}); the installation is incomplete`);
  return readFileSync(found, 'utf8');
}

/** The model's protobuf bytes (an .onnx file). */
export function encodeOnnx(model: OnnxModel): Uint8Array {
  modelType ??= protobuf.parse(onnxProtoText(), { keepCase: false }).root.lookupType('onnx.ModelProto');
  const problem = modelType.verify(model);
  if (problem) throw new Error(`the ONNX model does not fit onnx.proto: ${problem}`);
  return modelType.encode(modelType.fromObject(model)).finish();
}

/** Decodes an .onnx file (for tests and tools). */
export function decodeOnnx(bytes: Uint8Array): Record<string, unknown> {
  modelType ??= protobuf.parse(onnxProtoText(), { keepCase: false }).root.lookupType('onnx.ModelProto');
  return modelType.toObject(modelType.decode(bytes), { longs: Number, bytes: Array, defaults: false });
}
