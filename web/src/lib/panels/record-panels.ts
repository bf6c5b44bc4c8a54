/**
 * The record panels, loaded apart from the map's first load. The service worker keeps them for
 * offline use once it is installed, but a field inspector may lose the network right after the
 * app's first opening, before it is: `warmRecordPanels()` asks for them as the app starts.
 */

/** The report form: a new capture, or a queued one being fixed. */
export const loadViolationForm = () => import('./ViolationForm.svelte');
/** One record's page: its steps, notes, photos and history. */
export const loadViolationDetail = () => import('./ViolationDetail.svelte');
/** The list of the records the map shows. */
export const loadViolationList = () => import('./ViolationList.svelte');
/** The captures waiting on this device. */
export const loadOutboxPanel = () => import('./OutboxPanel.svelte');

/** Fetches the panels a field inspector needs offline; a failure only means "later". */
export function warmRecordPanels(): void {
  for (const load of [loadViolationForm, loadViolationDetail, loadViolationList, loadOutboxPanel]) {
    load().catch(() => {});
  }
}
