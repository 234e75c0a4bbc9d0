/**
 * "Gradient Lab: Show Loss Landscape": the current run's model on a plane through its weights
 * (random filter-normalized or PCA directions, with the training path projected), a 1-D slice,
 * and the curvature verdict at the weights. All of it is computed by the run's own worker.
 */
import * as vscode from 'vscode';
import type { RunSnapshot } from '../../webview/protocol';
import { parseFromLandscapeView, type FromLandscapeView, type RunInfo, type ToLandscapeView } from '../../webview/views/landscape/protocol';
import { CMD } from '../command-ids';
import type { LandscapeRequest, LandscapeWorkerEvent } from '../../engine/protocol/landscape';
import { JobClient, JobEnded, runTarget, type JobTarget } from '../job-client';
import { LabPanel, type LabPanelApi, type LabViewSpec } from '../lab-panel';

/** A landscape request before the job client gives it an id. */
export type LandscapeAsk = LandscapeRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The run as the landscape views describe it. */
export function runInfo(s: RunSnapshot | undefined): RunInfo | null {
  const d = s?.started?.dataset;
  if (!s || !d) return null;
  return { title: s.title, source: d.source, task: d.task === 'regression' ? 'regression' : 'classification', classes: d.classCount, features: d.inputs, status: s.status };
}

/** Keeps a panel told about the current run (only when that changes, not at the view rate). */
export function followRun(api: LabPanelApi, post: (m: ToLandscapeView) => void): () => void {
  let last = '';
  const send = () => {
    const m: ToLandscapeView = { type: 'run', run: runInfo(api.deps.controller.current) };
    const text = JSON.stringify(m);
    if (text !== last) post(m);
    last = text;
  };
  const off = api.deps.controller.onChange(send);
  api.disposables.push({ dispose: off });
  return () => {
    last = '';
    send();
  };
}

/** What each landscape-family panel keeps: its jobs, a way to ask for one, and a way to resend the run. */
export interface LandscapePanel {
  jobs: JobClient;
  /** Runs `ask` on `target`; its progress, partial answers, answer or end reach the view. */
  send(target: JobTarget, ask: LandscapeAsk): void;
  resend: () => void;
}

/** Wires a landscape-family panel: its jobs report to the view and are cancelled when it closes. */
export function attachLandscapePanel(api: LabPanelApi): LandscapePanel {
  const post = (m: ToLandscapeView) => api.post(m);
  const jobs = new JobClient();
  api.disposables.push({ dispose: () => jobs.dispose() });
  const send = (target: JobTarget, ask: LandscapeAsk) => {
    const progress = (p: { fraction: number; phase: string; partial?: unknown }) =>
      post(p.partial ? { type: 'event', event: p.partial as LandscapeWorkerEvent } : { type: 'progress', fraction: p.fraction, phase: p.phase });
    jobs.request<LandscapeWorkerEvent>(target, ask, progress).then(
      (event) => post({ type: 'event', event }),
      (e: JobEnded) => post(e.cancelled ? { type: 'cancelled' } : { type: 'failed', message: e.message }),
    );
  };
  return { jobs, send, resend: followRun(api, post) };
}

export const landscapeLab: LabViewSpec<FromLandscapeView> = {
  kind: 'landscape',
  title: 'Loss Landscape',
  parse: parseFromLandscapeView,
  attach(api) {
    const state = attachLandscapePanel(api);
    const run = runTarget(api.deps.controller);
    return {
      onMessage(m) {
        switch (m.type) {
          case 'ready': return state.resend();
          case 'slice':
            state.send(run, {
              type: 'landscape', directions: m.directions, resolution: m.resolution, seed: m.seed, trajectory: true,
              ...(m.range !== undefined ? { range: [-m.range, m.range] as [number, number] } : {}),
            });
            return;
          case 'curvature':
            state.send(run, { type: 'curvature' });
            return;
          case 'cancel': return state.jobs.cancelAll();
          default: return;
        }
      },
    };
  },
  commands: {
    [CMD.showLandscape]: (deps) => {
      if (!deps.controller.current) {
        void vscode.window.showInformationMessage('Gradient Lab: the loss landscape is that of the current run; train a model first.');
        return;
      }
      LabPanel.show(landscapeLab, deps);
    },
  },
};
