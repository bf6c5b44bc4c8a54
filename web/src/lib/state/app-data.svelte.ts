/**
 * What the app loads, and when: the deployment's settings, the ward layer and the reader at
 * start; the records, projects, gaps and (their layer on) petitions the view's filters and date
 * ask for, again whenever those or the reader change; the criteria's rule sets once; the former
 * units the first time their layer shows; and the device's queue of captures, sent whenever its
 * author is signed in and online. Create it while a component initialises: its reloads are
 * effects, and live as long.
 */
import type { FeatureCollection } from 'geojson';
import { addProtocol } from 'maplibre-gl';
import { tick, untrack } from 'svelte';
import type { ClientConfig } from '../../../../server/domain/basemap.ts';
import { client, unwrap } from '../api.ts';
import { apiTransport } from '../offline/api-transport.ts';
import { idbOutbox } from '../offline/outbox-store.ts';
import { registerServiceWorker } from '../offline/service-worker.ts';
import { warmRecordPanels } from '../panels/record-panels.ts';
import { wardNames, type WardNames } from '../ward-names.ts';
import { connectivity } from './connectivity.svelte.ts';
import { ComplaintsState, complaintChanges } from './complaints.svelte.ts';
import { CriteriaState } from './criteria.svelte.ts';
import { GapsState } from './gaps.svelte.ts';
import { OutboxState } from './outbox.svelte.ts';
import { ProjectsState } from './projects.svelte.ts';
import { session } from './session.svelte.ts';
import { view, type QueryParams } from './view.svelte.ts';
import { ViolationsState } from './violations.svelte.ts';
import { WardStatsState } from './ward-stats.svelte.ts';

export interface AppDataOptions {
  /** Says what went wrong with a load nothing else shows (the former units). */
  onerror: (message: string) => void;
}

/** The deployment's settings and the ward layer: kept by the service worker for offline use. */
const loadReference = () =>
  Promise.all([unwrap(client.api.config.$get()), unwrap(client.api.wards.$get({ query: {} }))]);

export class AppData {
  readonly violations = new ViolationsState();
  readonly projects = new ProjectsState();
  readonly gaps = new GapsState();
  /** Petitions on the map: loaded while their layer is on. */
  readonly complaints = new ComplaintsState();
  readonly criteria = new CriteriaState();
  /**
   * Ward statistics: loaded while the /stats panel is open or the choropleth is on, and again
   * when the records change. Made first, so its load goes first, as the app always did.
   */
  readonly wardStats = new WardStatsState(() => this.violations.items);
  readonly outbox = new OutboxState({
    store: idbOutbox(),
    transport: apiTransport,
    user: () => session.user?.id ?? null,
    online: () => navigator.onLine,
    onsent: (feature) => this.violations.received(feature),
  });

  #config = $state.raw<ClientConfig | null>(null);
  #wards = $state.raw<FeatureCollection | null>(null);
  #formerUnits = $state.raw<FeatureCollection | null>(null);
  #startError = $state<string | null>(null);

  /** The deployment's settings (basemap, service area, attribution), once loaded. */
  get config(): ClientConfig | null {
    return this.#config;
  }
  /** The wards of today, once loaded. */
  get wards(): FeatureCollection | null {
    return this.#wards;
  }
  /** The former units (2024), once their layer has been switched on. */
  get formerUnits(): FeatureCollection | null {
    return this.#formerUnits;
  }
  /** Why the app could not start (no settings or wards), if it could not. */
  get startError(): string | null {
    return this.#startError;
  }
  /** The wards as the filter offers them: id (period-code) and name. */
  wardChoices: { id: string; name: string }[] = $derived(
    (this.#wards?.features ?? []).map((f) => ({
      id: String(f.id),
      name: String(f.properties?.name),
    })),
  );
  /** Ward names by code, for the planner's panels. */
  wardNames: WardNames = $derived(wardNames(this.#wards));

  constructor({ onerror }: AppDataOptions) {
    // The map of a past date is staff reading: the server refuses it to anyone else. Until the
    // server has said who this is, that is not known.
    view.allowPast(() => (session.loaded ? session.can('records:read') : null));

    this.#follow(
      () => view.violationQuery,
      (query) => this.violations.load(query),
    );
    // The former units (2024) are fetched the first time their layer is switched on: an effect,
    // as the layer panel and the address bar (back, forward) both switch it.
    $effect(() => {
      if (!view.visible('wards2024') || this.#formerUnits) return;
      unwrap(client.api.wards.$get({ query: { period: '2024' } })).then(
        (units) => (this.#formerUnits = units as FeatureCollection),
        (e: Error) => onerror(e.message),
      );
    });
    this.#follow(
      () => view.projectQuery,
      (query) => this.projects.load(query),
    );
    this.#follow(
      () => view.gapQuery,
      (query) => this.gaps.load(query),
    );
    // Petitions are asked for once their layer is on, and again when one is saved in a panel
    // (the panel keeps a list of its own, in its own order).
    this.#follow(
      () => {
        if (!view.visible('complaints')) return null;
        void complaintChanges.count;
        return view.complaintQuery;
      },
      (query) => this.complaints.load(query),
    );

    // Queued captures go as soon as their author is signed in and the device is online: an
    // effect, as it sends them when either changes (and once at start).
    $effect(() => {
      void session.viewKey;
      if (connectivity.online) untrack(() => void this.outbox.sync());
    });
    // The queue's retry timer and its 'online' listener, for as long as the app is open.
    $effect(() => this.outbox.start());
  }

  /**
   * The first loads: the settings, the wards and the reader; then the record panels, the
   * device's queue and the service worker. The records follow once the settings are there.
   */
  start(): void {
    void this.#loadReference();
    // Not part of the first load, but asked for now: the network may be gone when a report starts.
    warmRecordPanels();
    void this.outbox.load().then(() => this.outbox.sync());
    // The first page of a first visit went by before the worker was there: ask again, so the
    // reference layers and the records are kept for offline use.
    registerServiceWorker(
      () => void Promise.all([loadReference(), this.violations.load()]).catch(() => {}),
    );
  }

  async #loadReference(): Promise<void> {
    // Who the reader is decides which records load, not the map: the wards are drawn as soon
    // as they are here, without the round trip that asks (on a weak link, 300 ms or more).
    const reader = session.load().then(
      () => null,
      (e: Error) => e,
    );
    try {
      const [cfg, wardLayer] = await loadReference();
      if (cfg.basemap.type === 'pmtiles' || cfg.basemap.type === 'style') {
        // Loaded only for deployments that use PMTiles, so the offline default stays small.
        const { Protocol } = await import('pmtiles');
        addProtocol('pmtiles', new Protocol().tile);
      }
      this.#config = cfg as ClientConfig;
      this.#wards = wardLayer as FeatureCollection;
      const failed = await reader;
      if (failed) throw failed;
    } catch (e) {
      this.#startError = (e as Error).message;
      return;
    }
    // The rule sets are asked for once, after the first records, projects and gaps (their loads
    // start in the effects the settings just woke, which `tick` lets run first).
    await tick();
    void this.criteria.loadRuleSets();
  }

  /**
   * Loads what the view asks for once the settings are there, and again whenever the query or
   * the reader changes (staff see more than the public map). An effect: it fetches.
   */
  #follow(query: () => QueryParams | null, load: (query: QueryParams) => Promise<void>): void {
    $effect(() => {
      // The records a reader may see wait until the server has said who they are.
      if (!this.#config || !session.loaded) return;
      void session.viewKey;
      const asked = query();
      if (asked) untrack(() => void load(asked));
    });
  }
}
