/** The style layers a <Layer> can draw: every kind that has a source. */
import type { LayerSpecification } from 'maplibre-gl';

export type Drawable = Exclude<LayerSpecification, { type: 'background' } | { type: 'custom' }>;
