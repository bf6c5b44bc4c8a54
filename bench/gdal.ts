/** The GDAL anchor: ogr2ogr on the same data, timed, with its peak RSS. Skipped when absent. */
import { execFileSync } from 'node:child_process';
import { runChild, type ChildRun } from './measure.ts';

export function ogr2ogrMissing(): string | null {
  try {
    execFileSync('ogr2ogr', ['--version'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'GDAL is not installed (apt-get install gdal-bin)';
  }
}

export function ogrVersion(): string {
  return execFileSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).trim();
}

/** GeoJSON → GeoPackage: what a bulk load of the same file costs GDAL. */
export function ogrImport(geojson: string, gpkg: string): Promise<ChildRun> {
  return runChild('ogr2ogr', ['-f', 'GPKG', '-nln', 'violations', gpkg, geojson]);
}

/** GeoPackage → GeoJSON: the same features written out as one FeatureCollection. */
export function ogrExport(gpkg: string, geojson: string): Promise<ChildRun> {
  return runChild('ogr2ogr', ['-f', 'GeoJSON', geojson, gpkg, 'violations']);
}
