/**
 * The views the webview bundle can show, by `data-view`: the training view (panel and side bar)
 * and the lab views. Each lab view lives in webview/views/<kind>/ and adds its one line here.
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
import { mountTraining } from './training-view';

export const LAB_VIEWS: Record<string, MountLabView> = {
  panel: mountTraining, sidebar: mountTraining,
  symmetry: mountSymmetry,
  models: mountModels,
  wann: mountWann,
  features: mountFeatures,
  landscape: mountLandscape, race: mountRace, convexity: mountConvexity,
  runs: mountRuns,
};
