/** A capture's next step, stopped because its author is no longer the one signed in. */
import { locale } from '../i18n/locale.svelte.ts';

export class SessionChanged extends Error {
  /** As the server would answer a request without its author's session: sign in first. */
  readonly status = 401;
  constructor() {
    super(locale.t('outbox.sessionChanged'));
    this.name = 'SessionChanged';
  }
}
