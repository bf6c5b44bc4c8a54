/**
 * The screen around the records: the side panel the address and the report being placed ask
 * for, the device's queue shown over it, brief notices over the map, and the map once it is made.
 * The top bar, the map stage, what sits over the map and the panel host share one.
 */
import type { Map } from 'maplibre-gl';
import type { ViolationFeature } from '../../../../server/domain/violations/violation.ts';
import type { OutboxItem } from '../offline/outbox-item.ts';
import { drawing } from '../draw/drawing.svelte.ts';
import { locateOnce } from '../geolocation.ts';
import { locale } from '../i18n/locale.svelte.ts';
import { revealRecord } from '../map/interactions.ts';
import { CaptureState } from './capture.svelte.ts';
import { connectivity } from './connectivity.svelte.ts';
import { router } from './router.svelte.ts';
import { session } from './session.svelte.ts';
import { view } from './view.svelte.ts';

const { t } = locale;

export class AppShell {
  /** The report being written: it outlives its form, so a detour to sign in loses nothing. */
  readonly capture = new CaptureState();
  /** The queue's panel, over whatever panel was open. */
  #outboxOpen = $state(false);
  #notice = $state<string | null>(null);
  #map = $state.raw<Map | null>(null);
  /** The record whose page opened before the map could show it (a shared link). */
  #toReveal: ViolationFeature | null = null;
  /** Whether a map view has shown yet: see `mapWanted`. */
  #mapShown = false;

  /** What is said briefly over the map, if anything. */
  get notice(): string | null {
    return this.#notice;
  }
  /** The map, once made. */
  get map(): Map | null {
    return this.#map;
  }

  /** A report is being placed (a map of a past date is for reading: no new reports, no edits). */
  reporting: boolean = $derived(
    this.capture.active && session.can('violations:create') && !view.past,
  );
  /** The queue's panel shows: asked for, and no report, record or list in the way. */
  showOutbox: boolean = $derived(
    this.#outboxOpen && !this.reporting && !router.violationId && !router.listOpen,
  );
  /** A side panel is open beside the map (none while a page is over it). */
  panelOpen: boolean = $derived(
    !router.page &&
      (this.reporting ||
        router.violationId !== null ||
        router.listOpen ||
        this.showOutbox ||
        !!router.planning ||
        router.statsOpen),
  );
  /**
   * The map is made the first time a map view shows and kept from then on, so a detour to sign
   * in loses nothing of it; a page opened directly (sign-in, account, administration) never pays
   * for a WebGL map it does not show. Once true it stays true (and reads nothing more).
   */
  mapWanted: boolean = $derived((this.#mapShown ||= !router.page));

  /** The map is ready: the record opened before it is brought into view now. */
  mapReady = (map: Map): void => {
    this.#map = map;
    // Browser tests and a curious developer's console reach the map here.
    (window as unknown as { __map: Map }).__map = map;
    if (this.#toReveal) revealRecord(map, this.#toReveal);
    this.#toReveal = null;
  };

  /** Brings an opened record into view unless it already is, now or once the map is there. */
  reveal = (record: ViolationFeature): void => {
    if (this.#map) revealRecord(this.#map, record);
    else this.#toReveal = record;
  };

  /** Says something briefly over the map. */
  flash = (message: string): void => {
    this.#notice = message;
    setTimeout(() => (this.#notice = null), 4000);
  };

  /** Places the report's pin where the device is, and brings the map there. */
  useGps = async (): Promise<void> => {
    this.#notice = t('geo.waiting');
    try {
      const fix = await locateOnce();
      this.#notice = null;
      this.capture.locate(fix);
      const map = this.#map;
      map?.easeTo({ center: [fix.lon, fix.lat], zoom: Math.max(map.getZoom(), 16) });
    } catch (e) {
      this.flash(t('geo.denied', { reason: (e as Error).message }));
    }
  };

  /** Opens a record's page; while a pin is placed or a boundary drawn, a tap is theirs instead. */
  select = (id: string): void => {
    if (this.capture.active || drawing.active) return;
    this.#outboxOpen = false;
    router.navigate(`/violations/${id}`);
  };

  /** Starts a new report on the bare map. */
  startReport = (): void => {
    router.navigate('/');
    this.#outboxOpen = false;
    this.capture.start();
  };

  openOutbox = (): void => {
    router.navigate('/');
    this.#outboxOpen = true;
  };

  closeOutbox = (): void => {
    this.#outboxOpen = false;
  };

  /** Fixes a capture from the queue in the report form. */
  fixQueued = (item: OutboxItem): void => {
    this.#outboxOpen = false;
    this.capture.edit(item);
  };

  /** A report or photos went to the queue instead of the server. */
  queued = (): void => {
    this.flash(t(connectivity.online ? 'form.queuedSlow' : 'form.queued'));
  };

  /** Signed out: the report and the queue's panel go, and so does a page over the map. */
  signedOut = (): void => {
    this.capture.reset();
    this.#outboxOpen = false;
    if (router.page) router.navigate('/');
  };
}
