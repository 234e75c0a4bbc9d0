/**
 * The worker_threads entry (bundled to dist/worker.js): the extension host starts it so that
 * training never runs on the extension host's own thread. Files named by path are read here,
 * off the host's thread; URI locations (virtual workspaces) are asked of the host.
 */
import { parentPort } from 'node:worker_threads';
import type { EngineRequest } from '../protocol/training';
import { installThreadPlatform } from '../parallel/platform';
import { serveWorker } from '../serve-worker';
import { nodeFiles } from './node-files';
import { nodeThreads } from './pool-threads';

const port = parentPort;
if (!port) throw new Error('engine/node/worker.ts must run as a worker_threads worker');
// Training pools start their threads from here, off the extension host's thread too.
installThreadPlatform(nodeThreads);
serveWorker({ post: (m, transfer) => port.postMessage(m, transfer), onMessage: (l) => port.on('message', (req: EngineRequest) => l(req)) }, nodeFiles);
