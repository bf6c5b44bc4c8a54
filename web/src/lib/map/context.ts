/** How map children find their parents: the tree of components mirrors the style tree. */
import { getContext, setContext } from 'svelte';
import type { Map } from 'maplibre-gl';

const MAP = Symbol('map');
const SOURCE = Symbol('source');

export function setMapContext(getMap: () => Map): void {
  setContext(MAP, getMap);
}

export function getMapContext(): Map {
  const getMap = getContext<(() => Map) | undefined>(MAP);
  if (!getMap) throw new Error('a map layer must be inside <MapView>');
  return getMap();
}

export function setSourceContext(id: string): void {
  setContext(SOURCE, id);
}

export function getSourceContext(): string {
  const id = getContext<string | undefined>(SOURCE);
  if (!id) throw new Error('a layer must be inside a source component');
  return id;
}
