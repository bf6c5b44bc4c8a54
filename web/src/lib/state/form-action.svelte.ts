/**
 * A form's action while it runs: `busy` disables its buttons, `error` holds what the server or
 * the check said, in words. One action at a time per form.
 */
export class FormAction {
  busy = $state(false);
  error = $state<string | null>(null);

  async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await action();
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
