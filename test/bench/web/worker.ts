/*
 * The browser half of the web-host benchmark (../web.bench.ts): a dedicated Web Worker in Chromium,
 * started from a Blob URL inside another worker, as VS Code's web-worker extension host starts the
 * engine's worker. It trains the bench's own workloads (../workloads.ts) with our engine, driven and
 * timed exactly as in Node (../ours.ts, ../timing.ts), on one thread: the web host has no
 * SharedArrayBuffer (no cross-origin isolation), so no training pool.
 * Bundled for the browser (esbuild, platform 'browser'): a Node built-in anywhere below fails the build.
 */
import { kernelName, useWasmKernels } from '../../../engine/nn/kernels';
import { threadPlatform } from '../../../engine/parallel/platform';
import { prepareData } from '../../../engine/trainer';
import { ourStepper } from '../ours';
import { benchTiming, timeSteps } from '../timing';
import { Workload, WorkloadId, w1, w2, w3 } from '../workloads';
import { WebEnv, WebReply, WebRequest, WebRun } from './protocol';

// The test project is compiled without the DOM and WebWorker libraries: the few members used here.
interface WorkerScope {
  onmessage: ((e: { data: WebRequest }) => void) | null;
  postMessage(reply: WebReply): void;
  crossOriginIsolated?: boolean;
  navigator: { hardwareConcurrency: number; userAgent: string };
}
const scope = globalThis as unknown as WorkerScope;

const workloads: Record<WorkloadId, () => Workload> = { W1: w1, W2: w2, W3: w3 };

function env(): WebEnv {
  const platform = threadPlatform();
  return {
    kernels: kernelName(),
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    crossOriginIsolated: scope.crossOriginIsolated === true,
    nodeProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
    threadsUnavailable: typeof platform === 'string' ? platform : null,
    hardwareConcurrency: scope.navigator.hardwareConcurrency,
    userAgent: scope.navigator.userAgent,
  };
}

function run(id: WorkloadId, quick: boolean, wasmKernels: boolean): WebRun {
  useWasmKernels(wasmKernels);
  const w = workloads[id]();
  const stepper = ourStepper(w, prepareData(w.config, w.dataset));
  try {
    const timing = timeSteps(stepper, benchTiming(w, 'ours', quick));
    return { workload: id, ...timing, evalShare: stepper.evalShare(), kernels: kernelName(), threadsNote: stepper.trainer.threading.note };
  } finally {
    stepper.dispose();
  }
}

scope.onmessage = (e) => {
  try {
    const r = e.data;
    scope.postMessage(r.type === 'env' ? { type: 'env', env: env() } : { type: 'run', run: run(r.workload, r.quick, r.wasmKernels) });
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
