// First: no module may build a schema before zod is told not to probe for eval.
import './lib/no-eval.ts';
import { mount } from 'svelte';
import { prewarm, setWorkerUrl } from 'maplibre-gl';
// MapLibre 6 loads its worker from a URL beside its module; after bundling, Vite must ship it.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import App from './App.svelte';
import { reloadOnStaleChunks } from './lib/stale-chunks.ts';

setWorkerUrl(workerUrl);
// The map's worker starts loading now, beside the settings and wards the map waits for, not after
// them: on a phone's weak link that is a second of the first map (bench/phone-link.ts).
prewarm();
reloadOnStaleChunks();
mount(App, { target: document.getElementById('app')! });
