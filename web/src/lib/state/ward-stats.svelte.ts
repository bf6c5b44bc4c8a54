/**
 * Ward statistics as the planner's view asks for them (its filters and date), and the figure the
 * ward choropleth is filled by. The figure is this file's own: the view state has no place for it.
 * It is kept in the address bar as `figure=` (a shared link keeps it) and in memory.
 */
import { untrack } from 'svelte';
import type { WardStatistics } from '../../../../server/services/statistics.ts';
import type { WardTally } from '../../../../server/domain/violations/ward-statistics.ts';
import { client, unwrap } from '../api.ts';
import {
  classesOf,
  DEFAULT_FIGURE,
  FIGURES,
  type ChoroplethClass,
  type Figure,
} from '../map/choropleth.ts';
import { router } from './router.svelte.ts';
import { session } from './session.svelte.ts';
import { view } from './view.svelte.ts';

/** What the choropleth layer draws: a value per ward code, and the classes of the legend. */
export interface Shading {
  figure: Figure;
  values: Record<string, number | null>;
  classes: ChoroplethClass[];
  /** Counts (whole numbers) or rates: the legend writes them differently. */
  whole: boolean;
}

const PARAM = 'figure';

function figureInUrl(): Figure {
  const value = new URLSearchParams(location.search).get(PARAM);
  return (FIGURES as readonly string[]).includes(value ?? '') ? (value as Figure) : DEFAULT_FIGURE;
}

/** A ward's value for a figure; null where the figure does not apply to it. */
function valueOf(stats: WardStatistics, ward: WardTally, figure: Figure): number | null {
  switch (figure) {
    case 'per_1000':
      return ward.per_1000.total;
    case 'blocked_projects':
      return stats.projects.wards.find((w) => w.code === ward.code)?.blocked ?? null;
    default:
      return ward[figure];
  }
}

export class WardStatsState {
  #stats = $state.raw<WardStatistics | null>(null);
  #error = $state<string | null>(null);
  #loading = $state(false);
  #figure = $state<Figure>(figureInUrl());
  /** Answers arrive out of order when the view changes fast: only the last asked counts. */
  #asked = 0;

  /**
   * Loads while someone looks (the panel open or the layer on), again when the view's filters or
   * date change, and when `changed` does (the records the app holds: a report, a step, an edit).
   * Create it while a component initialises.
   */
  constructor(changed: () => unknown = () => null) {
    const wanted = $derived(view.visible('choropleth') || router.statsOpen);
    $effect(() => {
      if (!wanted) return;
      const query = view.violationQuery;
      void session.viewKey;
      void changed();
      untrack(() => void this.load(query));
    });
  }

  get stats(): WardStatistics | null {
    return this.#stats;
  }
  get error(): string | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get figure(): Figure {
    return this.#figure;
  }
  shading: Shading | null = $derived.by(() => {
    const stats = this.#stats;
    if (!stats) return null;
    const figure = this.#figure;
    const values = Object.fromEntries(
      stats.violations.wards.map((w) => [w.code, valueOf(stats, w, figure)]),
    );
    const whole = figure !== 'per_1000';
    return { figure, values, classes: classesOf(Object.values(values), whole), whole };
  });

  /** Fills the wards by another figure, and shows the layer (picking one means wanting it). */
  setFigure(figure: Figure): void {
    this.#figure = figure;
    const params = new URLSearchParams(location.search);
    if (figure === DEFAULT_FIGURE) params.delete(PARAM);
    else params.set(PARAM, figure);
    const search = params
      .toString()
      .replaceAll('%2C', ',')
      .replaceAll('%2F', '/')
      .replaceAll('%3A', ':');
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
    );
    if (!view.visible('choropleth')) view.setVisible('choropleth', true);
  }

  async load(query: Record<string, string>): Promise<void> {
    const asked = ++this.#asked;
    this.#loading = true;
    try {
      const stats = (await unwrap(client.api.stats.$get({ query }))) as WardStatistics;
      if (asked !== this.#asked) return;
      this.#stats = stats;
      this.#error = null;
    } catch (e) {
      if (asked === this.#asked) this.#error = (e as Error).message;
    } finally {
      if (asked === this.#asked) this.#loading = false;
    }
  }
}
