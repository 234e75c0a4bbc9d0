/*
 * ONNX export: for four models (an Iris MLP, an MLP on a table with categorical inputs and
 * missing values, a regression MLP, the digits CNN) onnxruntime-node's outputs equal the
 * engine's predictions within 1e-5 on every validation row, and Python's onnx.checker accepts
 * each file. The engine's predictions from the saved bundle also reproduce the run's own
 * validation accuracy / R², so the bundle is the model that was trained.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { modelFromBundle, predictEncoded } from '../../engine/bundle/predict';
import { rSquared } from '../../engine/metrics';
import { readSavedModel } from '../../engine/node/run-folder';
import { MODELS, TRANSFORM_MODELS, cli, requireTorch, root, runFolder, scratch, validationRows } from './models';

before(() => {
  assert.ok(existsSync(join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run "npm run build" (npm test does)');
});

/** Largest differences measured, printed at the end for the closing note. */
const measured: string[] = [];

for (const m of MODELS) {
  test(`ONNX: ${m.name} — onnxruntime equals the engine within 1e-5 on every validation row; onnx.checker accepts it`, async () => {
    const dir = runFolder(m);
    const out = join(scratch(`onnx-${m.name}`), 'model.onnx');
    const r = cli('export', dir, '--format', 'onnx', '--out', out);
    assert.equal(r.code, 0, r.err);
    const pre = JSON.parse(readFileSync(join(out, '..', 'preprocessing.json'), 'utf8'));
    const saved = readSavedModel(dir);
    const bundle = saved.bundle;
    assert.deepEqual(pre.input.features, bundle.encodedFeatures);

    const val = await validationRows(dir);
    assert.ok(val.rows >= 30, `${val.rows} validation rows`);
    assert.equal(val.features, bundle.encodedFeatures.length);
    const engine = predictEncoded(bundle, modelFromBundle(bundle, saved.weights), val.x, val.rows);

    // The bundle is the trained model: its predictions give the run's own validation metric.
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    if (bundle.task === 'classification') {
      let correct = 0;
      for (let i = 0; i < val.rows; i++) if (engine.predicted[i] === val.y[i]) correct++;
      assert.ok(Math.abs(correct / val.rows - summary.valAccuracy) < 1e-9, `bundle accuracy ${correct / val.rows} vs run ${summary.valAccuracy}`);
    } else {
      assert.ok(Math.abs(rSquared(engine.predicted, val.y, val.rows) - summary.valR2) < 1e-6, `bundle R² ${rSquared(engine.predicted, val.y, val.rows)} vs run ${summary.valR2}`);
    }

    const session = await ort.InferenceSession.create(out);
    const result = await session.run({ features: new ort.Tensor('float32', val.x.slice(), [val.rows, val.features]) });
    const name = bundle.task === 'classification' ? 'probabilities' : 'prediction';
    const onnx = result[name]!;
    assert.deepEqual(onnx.dims, [val.rows, engine.width]);
    const values = onnx.data as Float32Array;
    let max = 0;
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]! - engine.outputs[i]!));
    // Regression values are in the label's units (miles per gallon): 1e-5 relative to them.
    const scale = bundle.task === 'classification' ? 1 : Math.max(1, ...Array.from(engine.outputs, Math.abs));
    assert.ok(max / scale <= 1e-5, `largest |onnxruntime − engine| ${max} (scale ${scale})`);
    assert.ok(max > 0 || values.length > 0);
    if (bundle.task === 'classification') {
      const cls = result.class!.data as BigInt64Array;
      let agree = 0;
      for (let i = 0; i < val.rows; i++) if (Number(cls[i]) === engine.predicted[i]) agree++;
      assert.ok(agree >= val.rows - 1, `classes agree on ${agree}/${val.rows} rows`); // a tie may round either way
    }
    measured.push(`${m.name}: largest |onnxruntime − engine| = ${max.toExponential(2)} on ${val.rows} validation rows`);

    const python = requireTorch();
    if (!python) return; // onnx.checker needs Python with onnx (required in CI)
    const check = spawnSync(python, ['-c', 'import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.opset_import[0].version)', out], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    assert.ok(Number(check.stdout.trim()) >= 13, `opset ${check.stdout}`);
  });
}

for (const m of TRANSFORM_MODELS) {
  test(`ONNX: ${m.name} — onnxruntime equals the engine within 1e-5 (feature transforms and activations)`, async () => {
    const dir = runFolder(m);
    const out = join(scratch(`onnx-${m.name}`), 'model.onnx');
    const r = cli('export', dir, '--format', 'onnx', '--out', out);
    assert.equal(r.code, 0, r.err);
    const saved = readSavedModel(dir);
    assert.ok(saved.bundle.transforms.length >= 2, saved.bundle.transforms.map((t) => t.type).join(', '));
    const val = await validationRows(dir);
    const engine = predictEncoded(saved.bundle, modelFromBundle(saved.bundle, saved.weights), val.x, val.rows);
    const session = await ort.InferenceSession.create(out);
    const result = await session.run({ features: new ort.Tensor('float32', val.x.slice(), [val.rows, val.features]) });
    const values = result.probabilities!.data as Float32Array;
    assert.equal(values.length, engine.outputs.length);
    let max = 0;
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]! - engine.outputs[i]!));
    assert.ok(max <= 1e-5, `largest |onnxruntime − engine| ${max}`);
  });
}

test('ONNX: measured differences', () => {
  console.log(measured.join('\n'));
  assert.equal(measured.length, MODELS.length);
});
