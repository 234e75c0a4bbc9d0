/**
 * Every panel kind the extension offers: the training panel and the labs. Each lab lives in
 * extension/labs/<kind>.ts and adds its one line here; activation registers their serializers
 * and commands from this list.
 */
import type { LabViewSpec } from './lab-panel';
import { convexityLab } from './labs/convexity';
import { featuresLab } from './labs/features';
import { landscapeLab } from './labs/landscape';
import { raceLab } from './labs/race';
import { wannLab } from './labs/wann';
import { symmetrySpec } from './labs/symmetry';
import { modelsLab } from './labs/models';
import { compareRunsLab } from './labs/compare-runs';
import { trainingSpec } from './training-panel';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every kind of panel, each with its own messages
export const LAB_SPECS: LabViewSpec<any>[] = [
  trainingSpec,
  landscapeLab, raceLab, convexityLab,
  wannLab,
  featuresLab,
  symmetrySpec,
  modelsLab,
  compareRunsLab,
];
