/**
 * The weight-agnostic network lab panel: a search in a worker of its own (killed when the
 * panel closes), its events relayed to webview/views/wann/, the view's buttons and weight
 * slider relayed back. The command that opens it asks for the data and the budget first.
 */
import { CMD } from '../command-ids';
import { LabPanel, type LabPanelApi, type LabViewSpec } from '../lab-panel';
import { parseFromWannView, type FromWannView, type ToWannView } from '../../webview/views/wann/protocol';
import { chooseWannSearch, type WannLabArgs } from './wann-command';
import { WannRelay } from './wann-relay';

const relays = new WeakMap<LabPanelApi, WannRelay>();

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
    if (!args) return;
    const relay = new WannRelay(api.deps.newWorker(), args.title, (m) => api.post(m));
    relays.set(api, relay);
    api.disposables.push({ dispose: () => relay.dispose() });
    api.panel.title = `Gradient Lab: Weight-Agnostic Network (${args.title})`;
    relay.start(args.request);
    api.deps.log.info(`weight-agnostic search on ${args.title}: ${args.request.generations} generations × ${args.request.population} networks, seed ${args.request.seed}`);
  },
  onMessage(m, api) {
    const relay = relays.get(api);
    if (relay) relay.handle(m);
    else if (m.type === 'ready') api.post(ENDED);
  },
  commands: {
    [CMD.searchWann]: async (deps, uri?: unknown) => {
      const args = await chooseWannSearch(uri);
      if (args) LabPanel.show(wannLab, deps, args);
    },
  },
};
