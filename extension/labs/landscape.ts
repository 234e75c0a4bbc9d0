/**
 * "Gradient Lab: Show Loss Landscape": the current run's model on a plane through its weights
 * (random filter-normalized or PCA directions, with the training path projected), a 1-D slice,
 * and the curvature verdict at the weights. All of it is computed by the run's own worker.
 */
import * as vscode from 'vscode';
import type { RunSnapshot } from '../../webview/protocol';
import { parseFromLandscapeView, type FromLandscapeView, type RunInfo, type ToLandscapeView } from '../../webview/views/landscape/protocol';
import { CMD } from '../command-ids';
import { LabPanel, type LabPanelApi, type LabViewSpec } from '../lab-panel';
import { LandscapeRequests } from './landscape-requests';

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

/** What each landscape-family panel keeps: its request router and a way to resend the run. */
export interface LandscapePanel {
  requests: LandscapeRequests;
  resend: () => void;
}

/** Wires a landscape-family panel: the run worker's answers reach its requests, which are cancelled when it closes. */
export function attachLandscapePanel(api: LabPanelApi): LandscapePanel {
  const post = (m: ToLandscapeView) => api.post(m);
  const requests = new LandscapeRequests(post);
  const off = api.deps.controller.onProbe((e) => requests.receive(e));
  api.disposables.push({ dispose: off }, { dispose: () => requests.cancelAll() });
  return { requests, resend: followRun(api, post) };
}

export const landscapeLab: LabViewSpec<FromLandscapeView> = {
  kind: 'landscape',
  title: 'Loss Landscape',
  parse: parseFromLandscapeView,
  attach(api) {
    const state = attachLandscapePanel(api);
    const probe = (req: Parameters<typeof api.deps.controller.probe>[0]) => api.deps.controller.probe(req);
    return {
      onMessage(m) {
        switch (m.type) {
          case 'ready': return state.resend();
          case 'slice':
            state.requests.send(probe, {
              type: 'landscape', directions: m.directions, resolution: m.resolution, seed: m.seed, trajectory: true,
              ...(m.range !== undefined ? { range: [-m.range, m.range] as [number, number] } : {}),
            });
            return;
          case 'curvature':
            state.requests.send(probe, { type: 'curvature' });
            return;
          case 'cancel': return state.requests.cancelAll();
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
