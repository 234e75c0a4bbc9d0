/**
 * The weight-agnostic network lab panel: a search in a worker of its own (killed when the
 * panel closes), its events relayed to webview/views/wann/, the view's buttons and weight
 * slider relayed back. The command that opens it asks for the data and the budget first.
 */
import { CMD } from '../command-ids';
import { LabPanel, type LabViewSpec } from '../lab-panel';
import { parseFromWannView, type FromWannView, type ToWannView } from '../../webview/views/wann/protocol';
import { chooseWannSearch, type WannLabArgs } from './wann-command';
import { WannRelay } from './wann-relay';

/** What a panel revived after a reload shows: its search died with the old window's worker. */
const ENDED: ToWannView = {
  type: 'wann-replay', title: 'weight-agnostic network',
  events: [{ type: 'error', userError: true, message: 'This search ended when the window was reloaded. Run "Gradient Lab: Search Weight-Agnostic Network…" to start a new one.' }],
};

export const wannLab: LabViewSpec<FromWannView> = {
  kind: 'wann',
  title: 'Weight-Agnostic Network',
  parse: parseFromWannView,
  attach(api) {
    const args = api.args as WannLabArgs | undefined;
    // A panel revived after a reload has no search: its worker died with the old window.
    if (!args) return { onMessage: (m) => void (m.type === 'ready' && api.post(ENDED)) };
    const relay = new WannRelay(api.deps.newWorker(), args.title, (m) => api.post(m));
    api.panel.title = `Gradient Lab: Weight-Agnostic Network (${args.title})`;
    relay.start(args.request);
    api.deps.log.info(`weight-agnostic search on ${args.title}: ${args.request.generations} generations × ${args.request.population} networks, seed ${args.request.seed}`);
    return { onMessage: (m) => relay.handle(m), dispose: () => relay.dispose() };
  },
  commands: {
    [CMD.searchWann]: async (deps, uri?: unknown) => {
      const args = await chooseWannSearch(uri);
      if (args) LabPanel.show(wannLab, deps, args);
    },
  },
};
