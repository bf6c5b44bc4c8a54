import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { gapWorkflow } from '../../../../server/domain/gaps/gap-statuses.ts';
import { projectWorkflow } from '../../../../server/domain/projects/project-stages.ts';
import { violationWorkflow } from '../../../../server/domain/violations/violation-statuses.ts';
import {
  allowedMoves,
  checkMove,
  isFinished,
  isOpen,
  statesOfKind,
  type Workflow,
} from '../../../../server/domain/engine/workflow.ts';
import { LOCALES } from '../../../../server/domain/i18n.ts';
import { refusal } from '../../helpers.ts';

const WORKFLOWS: [string, Workflow<string>][] = [
  ['violations', violationWorkflow],
  ['gaps', gapWorkflow],
  ['projects', projectWorkflow],
];

/** Every field any step of the workflow needs, filled: only the move itself is judged. */
function everything(workflow: Workflow<string>): Record<string, string> {
  const fields = Object.values(workflow.requires).flatMap((list) => list ?? []);
  return Object.fromEntries(fields.map((f) => [f.field, 'x']));
}

describe.each(WORKFLOWS)('the %s workflow', (_, workflow) => {
  const { states, catalog, moves } = workflow;

  test('declares every state once, each with a kind, a label and an action', () => {
    expect(new Set(states).size).toBe(states.length);
    expect(Object.keys(catalog).sort()).toEqual([...states].sort());
    expect(Object.keys(moves).sort()).toEqual([...states].sort());
    for (const s of states) {
      expect(['open', 'fixed', 'closed']).toContain(catalog[s]!.kind);
      for (const l of LOCALES) {
        expect(catalog[s]!.label[l]).not.toBe('');
        expect(catalog[s]!.action[l]).not.toBe('');
      }
    }
  });

  test('the table is closed: every target is a declared state, and no state moves to itself', () => {
    for (const from of states) {
      for (const to of moves[from]!) {
        expect(states).toContain(to);
        expect(to).not.toBe(from);
      }
    }
    for (const to of Object.keys(workflow.requires)) expect(states).toContain(to);
  });

  test('a closed state has no moves; an open state has some', () => {
    for (const s of states) {
      if (catalog[s]!.kind === 'closed') expect(moves[s]).toEqual([]);
      if (catalog[s]!.kind === 'open') expect(moves[s]!.length).toBeGreaterThan(0);
    }
  });

  test('every state is reachable from the first', () => {
    const reached = new Set([states[0]!]);
    const queue = [states[0]!];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      for (const to of moves[s]!) {
        if (!reached.has(to)) queue.push(to);
        reached.add(to);
      }
    }
    expect([...reached].sort()).toEqual([...states].sort());
  });

  test('checkMove accepts exactly the pairs in the table', () => {
    const input = everything(workflow);
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), (from, to) => {
        const legal = moves[from]!.includes(to);
        if (legal) {
          expect(() => checkMove(workflow, from, to, input)).not.toThrow();
        } else {
          const error = refusal(() => checkMove(workflow, from, to, input));
          expect(error.code).toBe('ILLEGAL_TRANSITION');
          expect(error.details).toEqual({ from, to, allowed: moves[from] });
        }
        expect(allowedMoves(workflow, from).includes(to)).toBe(legal);
      }),
    );
  });

  test('a refused move names both states and what may come next, in both languages', () => {
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...states), (from, to) => {
        fc.pre(!moves[from]!.includes(to));
        const { text } = refusal(() => checkMove(workflow, from, to, everything(workflow)));
        for (const l of LOCALES) {
          expect(text[l]).toContain(`"${catalog[from]!.label[l]}"`);
          expect(text[l]).toContain(`"${catalog[to]!.label[l]}"`);
          for (const next of moves[from]!) expect(text[l]).toContain(catalog[next]!.label[l]);
          if (moves[from]!.length === 0) expect(text[l]).toContain(workflow.finished[l]);
          if (workflow.hint) expect(text[l]).toContain(workflow.hint[l]);
        }
      }),
    );
  });

  test('a step without what its target needs is refused, naming every missing field', () => {
    for (const from of states) {
      for (const to of moves[from]!) {
        const needed = workflow.requires[to] ?? [];
        if (needed.length === 0) continue;
        const error = refusal(() => checkMove(workflow, from, to, {}));
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.details).toEqual({ missing: needed.map((f) => f.field) });
        for (const l of LOCALES) {
          expect(error.text[l]).toContain(catalog[to]!.action[l]);
          for (const f of needed) expect(error.text[l]).toContain(f.label[l]);
        }
      }
    }
  });
});

/** A small workflow of its own, so the engine is judged apart from any kind of record. */
const ERRAND: Workflow<'asked' | 'doing' | 'done' | 'dropped', 'who' | 'why'> = {
  states: ['asked', 'doing', 'done', 'dropped'],
  catalog: {
    asked: {
      kind: 'open',
      label: { vi: 'Đã giao', en: 'Asked' },
      action: { vi: 'Giao', en: 'Ask' },
    },
    doing: {
      kind: 'open',
      label: { vi: 'Đang làm', en: 'Doing' },
      action: { vi: 'Làm', en: 'Do' },
    },
    done: {
      kind: 'fixed',
      label: { vi: 'Xong', en: 'Done' },
      action: { vi: 'Xong', en: 'Finish' },
    },
    dropped: {
      kind: 'closed',
      label: { vi: 'Bỏ', en: 'Dropped' },
      action: { vi: 'Bỏ việc', en: 'Drop' },
    },
  },
  moves: { asked: ['doing', 'dropped'], doing: ['done'], done: [], dropped: [] },
  requires: {
    dropped: [
      { field: 'who', label: { vi: 'người bỏ', en: 'who dropped it' } },
      { field: 'why', label: { vi: 'lý do', en: 'the reason' } },
    ],
  },
  finished: { vi: 'Việc đã xong.', en: 'The errand is over.' },
  hint: { vi: 'Sửa hồ sơ nếu sai.', en: 'Edit the record if wrong.' },
};

describe('the engine', () => {
  test('writes a refused move the same way for every kind, Vietnamese first', () => {
    expect(refusal(() => checkMove(ERRAND, 'asked', 'done')).text).toEqual({
      vi: 'Không thể chuyển từ "Đã giao" sang "Xong". Bước tiếp theo có thể: Đang làm, Bỏ. Sửa hồ sơ nếu sai.',
      en: 'Cannot move from "Asked" to "Done". Allowed next: Doing, Dropped. Edit the record if wrong.',
    });
    expect(refusal(() => checkMove(ERRAND, 'done', 'doing')).text).toEqual({
      vi: 'Không thể chuyển từ "Xong" sang "Đang làm". Việc đã xong. Sửa hồ sơ nếu sai.',
      en: 'Cannot move from "Done" to "Doing". The errand is over. Edit the record if wrong.',
    });
  });

  test('lists the missing fields in the order declared; an empty value is missing', () => {
    const error = refusal(() => checkMove(ERRAND, 'asked', 'dropped', { who: '' }));
    expect(error.details).toEqual({ missing: ['who', 'why'] });
    expect(error.text).toEqual({
      vi: 'Bước "Bỏ việc" cần: người bỏ, lý do.',
      en: 'The step "Drop" needs: who dropped it, the reason.',
    });
    const one = refusal(() => checkMove(ERRAND, 'asked', 'dropped', { who: 'An' }));
    expect(one.details).toEqual({ missing: ['why'] });
    expect(() => checkMove(ERRAND, 'asked', 'dropped', { who: 'An', why: 'trùng' })).not.toThrow();
  });

  test('judges the move before the fields', () => {
    expect(refusal(() => checkMove(ERRAND, 'doing', 'dropped')).code).toBe('ILLEGAL_TRANSITION');
  });

  test('predicates derive from the kinds and the table', () => {
    expect(ERRAND.states.filter((s) => isOpen(ERRAND, s))).toEqual(['asked', 'doing']);
    expect(ERRAND.states.filter((s) => isFinished(ERRAND, s))).toEqual(['done', 'dropped']);
    expect(statesOfKind(ERRAND, 'fixed')).toEqual(['done']);
    expect(statesOfKind(violationWorkflow, 'closed')).toEqual(['closed', 'dismissed']);
    expect(statesOfKind(gapWorkflow, 'fixed')).toEqual(['met']);
    expect(statesOfKind(projectWorkflow, 'fixed')).toEqual(['handed_over']);
  });

  test('the refusal details are a copy: changing them leaves the table as it was', () => {
    const error = refusal(() => checkMove(ERRAND, 'asked', 'done'));
    (error.details as { allowed: string[] }).allowed.push('done');
    expect(allowedMoves(ERRAND, 'asked')).toEqual(['doing', 'dropped']);
  });
});
