/* The messages between the web-host benchmark (../web.bench.ts, Node) and its worker (./worker.ts, Chromium). */
import { Timing } from '../timing';
import { WorkloadId } from '../workloads';

/** `wasmKernels`: as in the Node process (`--kernels=ts` turns them off in both). */
export type WebRequest = { type: 'env' } | { type: 'run'; workload: WorkloadId; quick: boolean; wasmKernels: boolean };

/** What the worker found about where it runs. */
export interface WebEnv {
  /** The matmul kernels our engine uses there: 'wasm-simd' when the WebAssembly module loaded. */
  kernels: string;
  sharedArrayBuffer: boolean;
  crossOriginIsolated: boolean;
  /** Whether a Node `process` global is visible (it must not be, in a browser worker). */
  nodeProcess: boolean;
  /** Why the engine cannot start pool threads there (engine/parallel/platform.ts), if it cannot. */
  threadsUnavailable: string | null;
  hardwareConcurrency: number;
  userAgent: string;
}

/** One workload trained in the worker: our engine on one thread, timed by ../timing.ts. */
export interface WebRun extends Timing {
  workload: WorkloadId;
  /** The end-of-epoch evaluation's share of the time (ours.ts `evalShare`). */
  evalShare: number;
  kernels: string;
  /** The trainer's own note on its threads. */
  threadsNote: string;
}

export type WebReply =
  | { type: 'env'; env: WebEnv }
  | { type: 'run'; run: WebRun }
  | { type: 'error'; message: string };
