import { describe, expect, test } from 'vitest';
import { GroupCommit, type Outcome } from '../../../server/services/group-commit.ts';

describe('GroupCommit', () => {
  test('writes asked for in one turn go to one commit, each answered with its own value', async () => {
    const groups: number[][] = [];
    const writes = new GroupCommit<number, number>(async (inputs) => {
      groups.push([...inputs]);
      return inputs.map((n) => ({ ok: true, value: n * 10 }));
    });
    const answers = await Promise.all([1, 2, 3].map((n) => writes.submit(n)));
    expect(answers).toEqual([10, 20, 30]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  test('a write asked for after a commit goes to the next one', async () => {
    const groups: number[][] = [];
    const writes = new GroupCommit<number, number>(async (inputs) => {
      groups.push([...inputs]);
      return inputs.map((value) => ({ ok: true, value }));
    });
    await writes.submit(1);
    await Promise.all([writes.submit(2), writes.submit(3)]);
    expect(groups).toEqual([[1], [2, 3]]);
  });

  test('nothing is answered before its commit returns', async () => {
    let committed = false;
    const writes = new GroupCommit<number, boolean>(async (inputs) => {
      committed = true;
      return inputs.map(() => ({ ok: true, value: committed }));
    });
    const pending = writes.submit(1);
    expect(committed).toBe(false);
    expect(await pending).toBe(true);
  });

  test('a write the commit refuses fails alone', async () => {
    const writes = new GroupCommit<number, number>(async (inputs) =>
      inputs.map((n): Outcome<number> =>
        n === 2 ? { ok: false, error: new Error('two refused') } : { ok: true, value: n },
      ),
    );
    const answers = await Promise.allSettled([1, 2, 3].map((n) => writes.submit(n)));
    expect(answers).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('two refused') },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  test('a commit that throws fails its group, and the next group is committed', async () => {
    let calls = 0;
    const writes = new GroupCommit<number, number>(async (inputs) => {
      if (calls++ === 0) throw new Error('disk full');
      return inputs.map((value) => ({ ok: true, value }));
    });
    const first = await Promise.allSettled([writes.submit(1), writes.submit(2)]);
    expect(first.map((a) => a.status)).toEqual(['rejected', 'rejected']);
    expect(await writes.submit(3)).toBe(3);
  });
});
