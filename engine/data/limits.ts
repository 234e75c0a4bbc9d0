/**
 * The limits a user can raise, and where: every message that mentions a limit names the exact
 * CLI flag, experiment field and VS Code setting, from this one table, so advice can always be
 * followed.
 */
export type LimitName = 'maxCategories' | 'maxMegabytes' | 'maxFieldMegabytes' | 'maxModelMegabytes';

export const LIMITS: Record<LimitName, { flag: string; field: string; setting: string }> = {
  maxCategories: { flag: '--max-categories', field: 'dataset.maxCategories', setting: 'gradientLab.data.maxCategories' },
  maxMegabytes: { flag: '--max-megabytes', field: 'dataset.maxMegabytes', setting: 'gradientLab.data.maxMegabytes' },
  maxFieldMegabytes: { flag: '--max-field-megabytes', field: 'dataset.maxFieldMegabytes', setting: 'gradientLab.data.maxFieldMegabytes' },
  maxModelMegabytes: { flag: '--max-model-megabytes', field: 'model.maxMegabytes', setting: 'gradientLab.model.maxMegabytes' },
};

/** "--max-categories (experiment field dataset.maxCategories, setting gradientLab.data.maxCategories)". */
export function whereToRaise(name: LimitName): string {
  const l = LIMITS[name];
  return `${l.flag} (experiment field ${l.field}, setting ${l.setting})`;
}
