/**
 * The lab views the lab bundle can show, by `data-view`. Each view lives in webview/views/<kind>/
 * and adds its one line here.
 */
import type { MountLabView } from './lab-host';
import { mountConvexity } from './views/landscape/convexity-view';
import { mountLandscape } from './views/landscape/landscape-view';
import { mountRace } from './views/landscape/race-view';
import { mountSymmetry } from './views/symmetry/view';
import { mountFeatures } from './views/features';
import { mountModels } from './views/models';
import { mountWann } from './views/wann';
import { mountRuns } from './views/runs';

export const LAB_VIEWS: Record<string, MountLabView> = {
  symmetry: mountSymmetry,
  models: mountModels,
  wann: mountWann,
  features: mountFeatures,
  landscape: mountLandscape, race: mountRace, convexity: mountConvexity,
  runs: mountRuns,
};
