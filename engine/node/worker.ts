/**
 * The worker_threads entry (bundled to dist/worker.js): the extension host starts it so that
 * training never runs on the extension host's own thread. Requests come in on `parentPort`,
 * batched events go out on it; files named by path are read here, off the host's thread.
 */
import { parentPort } from 'node:worker_threads';
import { landscapeJobs, trajectoryObserver } from '../landscape/worker-handler';
import { JobDriver, serveJobs } from '../job-driver';
import { TrajectoryRecorder } from '../landscape/trajectory-recorder';
import { EngineRequest } from '../protocol/training';
import { TrainingSession, WorkerMessage } from '../session';
import { loadDatasetFile } from './load-file';
import { inspectHandler } from '../data/inspect-handler';
import { symmetryProbeHandler } from '../probes/symmetry-handler';
import { featureProbeJobs } from '../probes/worker-handler';
import { featureLabJobs } from '../inputs/worker-handler';
import { WannWorkerHandler } from '../wann/worker-handler';
import { installThreadPlatform } from '../parallel/platform';
import { nodeThreads } from './pool-threads';

const port = parentPort;
if (!port) throw new Error('engine/node/worker.ts must run as a worker_threads worker');
// Training pools start their threads from here, off the extension host's thread too.
installThreadPlatform(nodeThreads);

// One driver for every job of this worker (engine/job-driver.ts): one time budget between looks at messages.
const driver = new JobDriver();
const trajectory = new TrajectoryRecorder();
const jobs = serveJobs({ ...landscapeJobs(trajectory), ...featureProbeJobs(), ...featureLabJobs({ loadFile: loadDatasetFile }) }, driver);

const session = new TrainingSession(
  (m: WorkerMessage) => {
    // Weights travel as transferred buffers: they are copies the session no longer needs.
    const transfer = m.type === 'weights' ? m.params.map((p) => p.values.buffer as ArrayBuffer) : [];
    port.postMessage(m, transfer);
  },
  {
    loadFile: (path, options, progress) => loadDatasetFile(path, options, progress),
    probes: [inspectHandler(loadDatasetFile), symmetryProbeHandler, jobs, trajectoryObserver(trajectory), new WannWorkerHandler({ loadFile: loadDatasetFile, driver })],
  },
);

port.on('message', (req: EngineRequest) => void session.handle(req));
