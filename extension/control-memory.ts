/**
 * The panel's controls are the next run's settings; they are remembered per workspace so a
 * window reload gives them back as the user left them. What is read back is checked field by
 * field (a stored value from an older version may no longer be valid); a bad field falls back
 * to the setting's value.
 */
import { ACTIVATIONS } from '../engine/nn/activations';
import { INIT_KINDS } from '../engine/nn/init';
import { OPTIMIZERS } from '../engine/nn/optimizers';
import { LIMITS, type ControlValues } from '../webview/protocol';

export const CONTROLS_KEY = 'gradientLab.controls';

const isInt = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

export function restoreControls(saved: unknown, defaults: ControlValues): ControlValues {
  if (typeof saved !== 'object' || saved === null) return defaults;
  const s = saved as Record<string, unknown>;
  const pick = <T>(ok: boolean, v: unknown, d: T): T => (ok ? (v as T) : d);
  return {
    init: pick((INIT_KINDS as readonly unknown[]).includes(s.init), s.init, defaults.init),
    optimizer: pick((OPTIMIZERS as readonly unknown[]).includes(s.optimizer), s.optimizer, defaults.optimizer),
    learningRate: pick(typeof s.learningRate === 'number' && s.learningRate > 0 && s.learningRate <= 100, s.learningRate, defaults.learningRate),
    batchSize: pick(isInt(s.batchSize, LIMITS.maxBatch), s.batchSize, defaults.batchSize),
    epochs: pick(isInt(s.epochs, LIMITS.maxEpochs), s.epochs, defaults.epochs),
    hidden: Array.isArray(s.hidden) && s.hidden.length <= LIMITS.maxLayers && s.hidden.every((u) => isInt(u, LIMITS.maxUnits)) ? [...(s.hidden as number[])] : defaults.hidden,
    activation: pick((ACTIVATIONS as readonly unknown[]).includes(s.activation), s.activation, defaults.activation),
  };
}
