/**
 * One workflow shape for every kind of record (FixMyStreet's model): states as data with a kind,
 * the moves as a table, the fields a step into a state must carry. The only gate for state moves:
 * the server refuses with `checkMove`, the web app offers the buttons `allowedMoves` gives.
 */
import { DomainError } from '../errors.ts';
import { LOCALES, type Locale, type Localized } from '../i18n.ts';

/**
 * open: the office still has work to do; fixed: what the record is about has been dealt with
 * (remedied, standard met, site handed over); closed: finished, whatever the outcome, and no
 * move leads out of it.
 */
export type StateKind = 'open' | 'fixed' | 'closed';

/** One state of a workflow, as people see it. */
export interface StateEntry {
  kind: StateKind;
  label: Localized;
  /** The verb on the button that moves a record into this state. */
  action: Localized;
}

/** A field a step must carry, with its name for the refusal. */
export interface RequiredField<F extends string = string> {
  field: F;
  label: Localized;
}

/** A workflow declared as data. `S` names the states; `F` the fields a step may carry. */
export interface Workflow<S extends string, F extends string = string> {
  /** Every state, in order; the first is where a new record starts. */
  states: readonly S[];
  catalog: Readonly<Record<S, StateEntry>>;
  /** The transition table: the states a record may move to from each state. */
  moves: Readonly<Record<S, readonly S[]>>;
  /** What a step into a state must carry; a state not named needs nothing. */
  requires: Readonly<Partial<Record<S, readonly RequiredField<F>[]>>>;
  /** Said when a refused record has no move left ("The case is finished."). */
  finished: Localized;
  /** Said after every refused move, when there is another way to do what was meant. */
  hint?: Localized;
}

/** The states a record in `from` may move to: the buttons to offer. */
export function allowedMoves<S extends string>(workflow: Workflow<S>, from: S): readonly S[] {
  return workflow.moves[from];
}

/** Whether the office still has work to do on a record in this state. */
export function isOpen<S extends string>(workflow: Workflow<S>, state: S): boolean {
  return workflow.catalog[state].kind === 'open';
}

/** Whether a record in this state can move no further. */
export function isFinished<S extends string>(workflow: Workflow<S>, state: S): boolean {
  return workflow.moves[state].length === 0;
}

/** The states of one kind, in order (filters, map styles). */
export function statesOfKind<S extends string>(workflow: Workflow<S>, kind: StateKind): S[] {
  return workflow.states.filter((s) => workflow.catalog[s].kind === kind);
}

/**
 * Refuses a move the table does not hold (ILLEGAL_TRANSITION, details {from, to, allowed}) or a
 * step without what its target needs (VALIDATION_FAILED, details {missing}); an empty value is
 * missing.
 */
export function checkMove<S extends string, F extends string>(
  workflow: Workflow<S, F>,
  from: S,
  to: S,
  input: Partial<Record<F, unknown>> = {},
): void {
  const allowed = allowedMoves(workflow, from);
  if (!allowed.includes(to)) {
    throw new DomainError('ILLEGAL_TRANSITION', moveRefusal(workflow, from, to), {
      from,
      to,
      allowed: [...allowed],
    });
  }
  const missing = (workflow.requires[to] ?? []).filter((f) => !input[f.field]);
  if (missing.length > 0) {
    throw new DomainError('VALIDATION_FAILED', missingRefusal(workflow, to, missing), {
      missing: missing.map((f) => f.field),
    });
  }
}

const WORDS: Record<
  Locale,
  {
    cannot: (from: string, to: string) => string;
    allowed: (list: string) => string;
    needs: (step: string, fields: string) => string;
  }
> = {
  vi: {
    cannot: (from, to) => `Không thể chuyển từ "${from}" sang "${to}".`,
    allowed: (list) => `Bước tiếp theo có thể: ${list}.`,
    needs: (step, fields) => `Bước "${step}" cần: ${fields}.`,
  },
  en: {
    cannot: (from, to) => `Cannot move from "${from}" to "${to}".`,
    allowed: (list) => `Allowed next: ${list}.`,
    needs: (step, fields) => `The step "${step}" needs: ${fields}.`,
  },
};

function inEveryLocale(text: (locale: Locale) => string): Localized {
  return Object.fromEntries(LOCALES.map((l) => [l, text(l)])) as Localized;
}

/** Why a move is refused: both states, then the moves left or that the record is finished. */
function moveRefusal<S extends string>(workflow: Workflow<S>, from: S, to: S): Localized {
  const { catalog } = workflow;
  const allowed = allowedMoves(workflow, from);
  return inEveryLocale((l) =>
    [
      WORDS[l].cannot(catalog[from].label[l], catalog[to].label[l]),
      allowed.length
        ? WORDS[l].allowed(allowed.map((s) => catalog[s].label[l]).join(', '))
        : workflow.finished[l],
      ...(workflow.hint ? [workflow.hint[l]] : []),
    ].join(' '),
  );
}

/** Why a step is refused: what it lacks, by name. */
function missingRefusal<S extends string, F extends string>(
  workflow: Workflow<S, F>,
  to: S,
  missing: readonly RequiredField<F>[],
): Localized {
  return inEveryLocale((l) =>
    WORDS[l].needs(workflow.catalog[to].action[l], missing.map((f) => f.label[l]).join(', ')),
  );
}
