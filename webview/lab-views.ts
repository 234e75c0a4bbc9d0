/**
 * The lab views the lab bundle can show, by `data-view`. Each view lives in webview/views/<kind>/
 * and adds its one line here.
 */
import type { MountLabView } from './lab-host';

export const LAB_VIEWS: Record<string, MountLabView> = {};
