/**
 * Every lab panel kind the extension offers. Each lives in extension/labs/<kind>.ts and adds
 * its one line here; activation registers their serializers and commands from this list.
 */
import type { LabViewSpec } from './lab-panel';

export const LAB_SPECS: LabViewSpec<any>[] = [];
