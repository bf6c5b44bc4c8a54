/**
 * The view state against an address bar: deliberate changes add history entries, map moves do
 * not, back restores, and the API queries change only when a reload is due. Node has no window,
 * so a small address bar (location, history, popstate) stands in for the browser's.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { ViewState } from '../../../web/src/lib/state/view.svelte.ts';

class AddressBar {
  entries: string[] = ['/'];
  index = 0;
  listeners: (() => void)[] = [];
  get url() {
    return new URL(this.entries[this.index]!, 'http://localhost');
  }
  location = {
    get pathname() {
      return bar.url.pathname;
    },
    get search() {
      return bar.url.search;
    },
    get hash() {
      return bar.url.hash;
    },
  };
  history = {
    state: null,
    pushState: (_: unknown, __: string, url: string) => {
      this.entries = [...this.entries.slice(0, this.index + 1), url];
      this.index += 1;
    },
    replaceState: (_: unknown, __: string, url: string) => {
      this.entries[this.index] = url;
    },
  };
  back() {
    this.index -= 1;
    for (const l of this.listeners) l();
  }
}
const bar = new AddressBar();
let view: ViewState;

beforeAll(async () => {
  bar.entries = ['/violations?map=14/22.14/105.83&kind=other&tab=x'];
  Object.assign(globalThis, {
    window: { addEventListener: (_: string, l: () => void) => bar.listeners.push(l) },
    location: bar.location,
    history: bar.history,
  });
  ({ view } = await import('../../../web/src/lib/state/view.svelte.ts'));
});

describe('the view in the address bar', () => {
  test('opens with the view the address names', () => {
    expect(view.camera).toEqual({ center: [105.83, 22.14], zoom: 14 });
    expect(view.filters.kinds).toEqual(['other']);
    expect(view.visible('violations')).toBe(true);
    expect(view.visible('wards2024')).toBe(false);
  });

  test('a layer switched off is a new history entry; back brings it back', () => {
    view.setVisible('violations', false);
    expect(bar.entries).toHaveLength(2);
    expect(bar.url.searchParams.get('layers')).toBe('projects,gaps,wards');
    expect(bar.url.pathname).toBe('/violations');
    expect(bar.url.searchParams.get('tab')).toBe('x');
    bar.back();
    expect(view.visible('violations')).toBe(true);
  });

  test('a map move rewrites the current entry instead of adding one', () => {
    const before = bar.entries.length;
    view.moveTo({ center: [105.8401, 22.1502], zoom: 15 });
    expect(bar.entries).toHaveLength(before);
    expect(bar.url.searchParams.get('map')).toBe('15/22.15020/105.84010');
  });

  test('a date counts only for readers allowed the past', () => {
    view.setAsOf('2026-01-15');
    expect(bar.url.searchParams.get('asOf')).toBe('2026-01-15');
    expect(view.asOf).toBeNull();
    expect(view.violationQuery.asOf).toBeUndefined();
    view.allowPast(true);
    expect(view.asOf).toBe('2026-01-15');
    expect(view.past).toBe(true);
    expect(view.violationQuery).toMatchObject({ kind: 'other', asOf: '2026-01-15' });
    view.setAsOf(null);
    expect(view.past).toBe(false);
  });

  test('a right to the past given as a function is followed as it changes', () => {
    let staff = $state(false);
    view.allowPast(() => staff);
    view.setAsOf('2026-01-15', { replace: true });
    expect(view.asOf).toBeNull();
    staff = true;
    expect(view.asOf).toBe('2026-01-15');
    expect(view.violationQuery.asOf).toBe('2026-01-15');
    staff = false;
    expect(view.pastAllowed).toBe(false);
    expect(view.violationQuery.asOf).toBeUndefined();
    view.setAsOf(null, { replace: true });
    view.allowPast(true);
  });

  test('a query stays the same object until its own parameters change', () => {
    const projects = view.projectQuery;
    const violations = view.violationQuery;
    view.setFilters({ kinds: ['other', 'road_encroachment'] });
    expect(view.projectQuery).toBe(projects);
    expect(view.violationQuery).not.toBe(violations);
    expect(view.violationQuery.kind).toBe('other,road_encroachment');
    view.setFilters({ stages: ['paying'] });
    expect(view.projectQuery).toEqual({ stage: 'paying' });
  });

  test('opacity is clamped and kept per layer', () => {
    view.setOpacity('wards', 1.7, { replace: true });
    view.setOpacity('violations', 0.25, { replace: true });
    expect(view.opacity('wards')).toBe(1);
    expect(view.opacity('violations')).toBe(0.25);
    expect(bar.url.searchParams.get('layers')).toBe('violations:25,projects,gaps,wards');
  });
});
