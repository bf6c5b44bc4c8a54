/**
 * What a row of a record's history says of its action, for any kind on the record engine: a
 * workflow step (`status:met`, `stage:paying`, `step:accepted`) by the label of the state it moved
 * to, every other action by the kind's own words for it (create, update, archive, restore).
 */
import type { StateEntry } from '../../../../../server/domain/engine/workflow.ts';
import { locale } from '../../i18n/locale.svelte.ts';

type Kind = 'gap' | 'project' | 'complaint';

export function historyWords(
  kind: Kind,
  catalog: Readonly<Record<string, StateEntry>>,
): (action: string) => string {
  const { t, label } = locale;
  return (action) => {
    const [verb, to] = action.split(':');
    if (to !== undefined && ['status', 'stage', 'step'].includes(verb!)) {
      const state = catalog[to];
      return t(`${kind}.history.step`, { status: state ? label(state.label) : to });
    }
    const key = `${kind}.history.${action}`;
    return locale.has(key) ? t(key) : t(`${kind}.history.update`);
  };
}
