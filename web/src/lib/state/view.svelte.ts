/**
 * The planner's view as one state, kept in the address bar so a view can be bookmarked, shared,
 * and walked with back/forward: where the map looks, which layers show and how opaque, the
 * filters, and the date the map shows ("as of"). The URL format is in view-url.ts.
 *
 * Read by every layer, list and panel:
 * - `view.visible(id)`, `view.opacity(id)`, `view.layers`: what the layer panel set. A layer
 *   component draws nothing while hidden and multiplies its paint opacities by the opacity.
 * - `view.filters`: kinds, statuses, stages, gapStatuses, ward, from, to, q.
 * - `view.asOf`: YYYY-MM-DD, or null for now. While set, the map is a past state: no editing
 *   (`view.past`). Only signed-in staff get one; for others it stays null.
 * - `view.violationQuery`, `view.projectQuery`, `view.gapQuery`, `view.complaintQuery`: the API
 *   query parameters these make for /api/violations, /api/projects, /api/gaps and /api/complaints
 *   (strings, ready for the typed client; add `limit`, `bbox` and the like yourself). They change
 *   exactly when a reload is due.
 *
 * Writes: `moveTo` (map moves: replaceState, no history entry per pan), and `setVisible`,
 * `setOpacity`, `setFilters`, `clearFilters`, `setAsOf` (deliberate changes: pushState, so back
 * undoes them; pass `{ replace: true }` while typing or dragging a slider).
 */
import {
  EMPTY_FILTERS,
  LAYER_IDS,
  defaultLayers,
  formatView,
  parseView,
  type Camera,
  type LayerId,
  type LayerSetting,
  type ViewFilters,
  type ViewSnapshot,
} from './view-url.ts';

export { LAYER_IDS, type Camera, type LayerId, type LayerSetting, type ViewFilters };

/** Query parameters for the typed API client: only those that are set. */
export type QueryParams = Record<string, string>;

interface WriteOptions {
  /** Change the current history entry instead of adding one. */
  replace?: boolean;
}

function compact(params: Record<string, string | null | undefined>): QueryParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v)) as QueryParams;
}

export class ViewState {
  #camera = $state.raw<Camera | null>(null);
  #layers = $state.raw<Record<LayerId, LayerSetting>>(defaultLayers());
  #filters = $state.raw<ViewFilters>(EMPTY_FILTERS);
  #asOf = $state<string | null>(null);
  #pastAllowed = $state.raw<() => boolean | null>(() => false);

  constructor() {
    if (typeof window === 'undefined') return;
    this.#read();
    // Back and forward restore the view that entry was made with; the app's own singleton lives
    // as long as the page, so the listener is never removed.
    window.addEventListener('popstate', () => this.#read());
  }

  /** Where the map looks, or null when the URL named no place (fit the service area). */
  get camera(): Camera | null {
    return this.#camera;
  }
  get layers(): Readonly<Record<LayerId, LayerSetting>> {
    return this.#layers;
  }
  get filters(): Readonly<ViewFilters> {
    return this.#filters;
  }
  /**
   * The date the map shows, or null for now. A date in the URL counts only for readers allowed to
   * see the past (staff, `records:read`): a shared link opened anonymously shows today instead of
   * asking the server for what it refuses.
   */
  get asOf(): string | null {
    return this.pastAllowed ? this.#asOf : null;
  }
  /** True while the map shows a past date: nothing may be edited. */
  get past(): boolean {
    return this.asOf !== null;
  }
  /** Whether this reader may see the map of a past date (not while who they are is unknown). */
  get pastAllowed(): boolean {
    return this.#pastAllowed() === true;
  }
  /**
   * The date a record's page shows: null for now, and undefined while a date in the address
   * waits to learn whether this reader may see the past. A page opened on a past date then shows
   * nothing for a moment rather than today's record under that date.
   */
  get recordAsOf(): string | null | undefined {
    if (this.#asOf === null) return null;
    const allowed = this.#pastAllowed();
    if (allowed === null) return undefined;
    return allowed ? this.#asOf : null;
  }
  /**
   * Who may see the past: a fixed answer, or one the view follows as it changes (the app hands
   * in the session's `records:read`, so a sign-in or out needs no one to tell the view); null
   * while that is not known yet.
   */
  allowPast(allowed: boolean | (() => boolean | null)): void {
    this.#pastAllowed = typeof allowed === 'function' ? allowed : () => allowed;
  }

  visible = (id: LayerId): boolean => this.#layers[id].visible;
  opacity = (id: LayerId): number => this.#layers[id].opacity;

  /** How many filters are set (the filter button's badge). */
  filterCount: number = $derived(
    [
      this.#filters.kinds.length > 0,
      this.#filters.statuses.length > 0,
      this.#filters.stages.length > 0,
      this.#filters.gapStatuses.length > 0,
      this.#filters.ward,
      this.#filters.from || this.#filters.to,
      this.#filters.q.trim(),
    ].filter(Boolean).length,
  );

  /** The last query of each kind: an equal one is handed out again, so nothing reloads for it. */
  #lastQuery: Record<string, QueryParams> = {};
  #stable(kind: string, next: QueryParams): QueryParams {
    const last = this.#lastQuery[kind];
    if (last && JSON.stringify(last) === JSON.stringify(next)) return last;
    return (this.#lastQuery[kind] = next);
  }

  violationQuery: QueryParams = $derived(
    this.#stable(
      'violations',
      compact({
        kind: this.#filters.kinds.join(','),
        status: this.#filters.statuses.join(','),
        ward: this.#filters.ward,
        from: this.#filters.from,
        to: this.#filters.to,
        q: this.#filters.q.trim(),
        asOf: this.asOf,
      }),
    ),
  );

  projectQuery: QueryParams = $derived(
    this.#stable(
      'projects',
      compact({
        stage: this.#filters.stages.join(','),
        ward: this.#filters.ward,
        q: this.#filters.q.trim(),
        asOf: this.asOf,
      }),
    ),
  );

  gapQuery: QueryParams = $derived(
    this.#stable(
      'gaps',
      compact({
        status: this.#filters.gapStatuses.join(','),
        ward: this.#filters.ward,
        q: this.#filters.q.trim(),
        asOf: this.asOf,
      }),
    ),
  );

  /** Petitions on the map: the view's ward, words and date (they have no filter of their own). */
  complaintQuery: QueryParams = $derived(
    this.#stable(
      'complaints',
      compact({ ward: this.#filters.ward, q: this.#filters.q.trim(), asOf: this.asOf }),
    ),
  );

  /** The view's part of the query string ("" or "?…"), for links that keep the view. */
  get search(): string {
    return formatView(this.#snapshot());
  }

  /** The map moved (pan, zoom): recorded without a history entry. */
  moveTo(camera: Camera): void {
    this.#camera = camera;
    this.#write({ replace: true });
  }

  setVisible(id: LayerId, visible: boolean, options: WriteOptions = {}): void {
    this.#layers = { ...this.#layers, [id]: { ...this.#layers[id], visible } };
    this.#write(options);
  }

  setOpacity(id: LayerId, opacity: number, options: WriteOptions = {}): void {
    const clamped = Math.min(1, Math.max(0, opacity));
    this.#layers = { ...this.#layers, [id]: { ...this.#layers[id], opacity: clamped } };
    this.#write(options);
  }

  setFilters(patch: Partial<ViewFilters>, options: WriteOptions = {}): void {
    this.#filters = { ...this.#filters, ...patch };
    this.#write(options);
  }

  clearFilters(): void {
    this.#filters = EMPTY_FILTERS;
    this.#write({});
  }

  /** Shows the map as it stood at the end of `date` (YYYY-MM-DD), or now with null. */
  setAsOf(date: string | null, options: WriteOptions = {}): void {
    this.#asOf = date || null;
    this.#write(options);
  }

  /** Reads the view again after the address changed without popstate (the router's navigate). */
  sync(): void {
    this.#read();
  }

  #snapshot(): ViewSnapshot {
    return { camera: this.#camera, layers: this.#layers, filters: this.#filters, asOf: this.#asOf };
  }

  #read(): void {
    const next = parseView(location.search);
    // Unchanged parts keep their identity, so nothing reloads for a step that only moved the map.
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(next.camera, this.#camera)) this.#camera = next.camera;
    if (!same(next.layers, this.#layers)) this.#layers = next.layers;
    if (!same(next.filters, this.#filters)) this.#filters = next.filters;
    this.#asOf = next.asOf;
  }

  #write({ replace = false }: WriteOptions): void {
    const url = location.pathname + formatView(this.#snapshot(), location.search) + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (replace) history.replaceState(history.state, '', url);
    else history.pushState(null, '', url);
  }
}

/** The one view of this page. */
export const view = new ViewState();
