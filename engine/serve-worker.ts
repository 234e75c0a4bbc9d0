/**
 * A training worker's insides, whichever kind of worker carries them: `worker_threads` in a
 * Node extension host (engine/node/worker.ts) or a Web Worker in the browser's
 * (engine/web/worker.ts). One session, one job driver for the labs, and the files it reads:
 * its own disk in Node, and whatever it cannot read itself asked of the extension host.
 */
import { landscapeJobs, trajectoryObserver } from './landscape/worker-handler';
import { JobDriver, serveJobs } from './job-driver';
import { TrajectoryRecorder } from './landscape/trajectory-recorder';
import type { EngineRequest } from './protocol/training';
import { TrainingSession, WorkerMessage } from './session';
import { inspectHandler } from './data/inspect-handler';
import { symmetryProbeHandler } from './probes/symmetry-handler';
import { featureProbeJobs } from './probes/worker-handler';
import { featureLabJobs } from './inputs/worker-handler';
import { WannWorkerHandler } from './wann/worker-handler';
import { readDataset } from './data/read-dataset';
import { routedFiles, type DataFiles } from './data/files';
import { RemoteFiles } from './data/remote-files';
import type { DatasetOptions, ProgressCallback } from './data/options';

export interface WorkerPort {
  /** Posts to the extension host; `transfer` lists buffers handed over rather than copied. */
  post(m: WorkerMessage, transfer: ArrayBuffer[]): void;
  onMessage(listener: (req: EngineRequest) => void): void;
}

/** Serves the engine on `port`; `ownFiles` are the files this worker reads itself (none in a browser). */
export function serveWorker(port: WorkerPort, ownFiles?: DataFiles): void {
  const post = (m: WorkerMessage) => {
    // Weights travel as transferred buffers: they are copies the session no longer needs.
    const transfer = m.type === 'weights' ? m.params.map((p) => p.values.buffer as ArrayBuffer) : [];
    port.post(m, transfer);
  };
  const remote = new RemoteFiles((req) => post(req));
  const files = ownFiles ? routedFiles(ownFiles, remote) : remote;
  const loadFile = (location: string, options: DatasetOptions = {}, progress?: ProgressCallback) => readDataset(files, location, options, progress);

  // One driver for every job of this worker (engine/job-driver.ts): one time budget between looks at messages.
  const driver = new JobDriver();
  const trajectory = new TrajectoryRecorder();
  const jobs = serveJobs({ ...landscapeJobs(trajectory), ...featureProbeJobs(), ...featureLabJobs({ loadFile }) }, driver);
  const session = new TrainingSession(post, {
    loadFile,
    probes: [inspectHandler(loadFile), symmetryProbeHandler, jobs, trajectoryObserver(trajectory), new WannWorkerHandler({ loadFile, driver })],
  });
  port.onMessage((req) => {
    if (!remote.answer(req)) void session.handle(req);
  });
}
