/**
 * GeoJSON (RFC 7946): one FeatureCollection, WGS84 [lon, lat], one feature per line. Keys are
 * written in a fixed order and nothing depends on when the file is made, so a closed month
 * exported again gives the same bytes.
 */
import { featureWriter } from './feature-json.ts';
import { exportTitle, type ExportSource } from './source.ts';

export async function* geojsonText(source: ExportSource): AsyncGenerator<string> {
  // Foreign members (RFC 7946 §6.1): what the file is, for whoever opens it later.
  const head = {
    type: 'FeatureCollection',
    name: `urban-issue-map-${source.month.id}`,
    title: exportTitle(source),
    month: source.month.id,
    final: source.month.final,
    view: source.view,
    layers: source.sections.map((s) => s.layer.name),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"features":[`;
  let separator = '\n';
  for (const section of source.sections) {
    const feature = featureWriter(
      section.fields.map((f) => f.name),
      section.layer.name,
    );
    for await (const row of section.rows()) {
      // The record's UUID is the Feature's own id; GDAL reads it as the `id` field.
      yield separator + feature(row.id, row.geometryJson, row.values);
      separator = ',\n';
    }
  }
  yield '\n]}\n';
}
