/**
 * Group commit: the writes asked for in one turn of the event loop are written together, in one
 * call of `commit` (one transaction), and each caller is answered only when that call settles,
 * that is once its write is committed. A store that commits once a write instead of once a
 * request spends its time per commit (log pages, index pages, FTS5 segments) once for the group.
 *
 * One group is committed at a time: the writes asked for while a commit runs wait for it and form
 * the next group, so groups never overlap (and grow as the store slows, which is when they help).
 */

/** What became of one write of a group: its own answer or its own error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<In, Out> {
  #waiting: Waiting<In, Out>[] = [];
  /** A flush is scheduled or a group is being committed: new writes join the next group. */
  #busy = false;

  /**
   * `commit` writes a group and answers an outcome for each input, in order; a write it refuses
   * fails alone. Should it throw (or reject), every write of the group fails with that error.
   */
  constructor(private readonly commit: (inputs: readonly In[]) => Promise<Outcome<Out>[]>) {}

  /** Queues a write; the answer comes once the group holding it is committed. */
  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#busy || this.#waiting.length === 0) return;
    this.#busy = true;
    // setImmediate runs once the requests that arrived in this turn have all been read.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const group = this.#waiting;
    this.#waiting = [];
    try {
      let outcomes: Outcome<Out>[];
      try {
        outcomes = await this.commit(group.map((w) => w.input));
      } catch (error) {
        for (const w of group) w.reject(error);
        return;
      }
      group.forEach((w, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      });
    } finally {
      this.#busy = false;
      // The writes that came while this group was committed.
      this.#schedule();
    }
  }
}
