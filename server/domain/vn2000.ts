/**
 * VN-2000 / TM-3 106-30 (EPSG:9213), the national grid Bắc Kạn's surveys and cadastral maps use.
 * proj4 with the parameters PROJ itself exports for EPSG:9213: the 7 datum-shift parameters of
 * QĐ 05/2007/QĐ-BTNMT with the rotation signs flipped (copied verbatim they are ~0.8 m off).
 * Shared by the server (exports) and the phone (the pin's X/Y), so both show the same numbers.
 */
import proj4 from 'proj4';

export const VN2000_EPSG = 9213;
export const VN2000_NAME = 'VN-2000 / TM-3 106-30 (EPSG:9213)';
export const VN2000_PROJ4 =
  '+proj=tmerc +lat_0=0 +lon_0=106.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 ' +
  '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 ' +
  '+units=m +no_defs';

const converter = proj4('EPSG:4326', VN2000_PROJ4);

/**
 * Vietnamese practice writes X for the northing and Y for the easting, the other way round from
 * most GIS software: the names here say which is which.
 */
export interface Vn2000 {
  /** Metres north (X in Vietnamese practice). */
  northing: number;
  /** Metres east, with the 500 km false easting (Y in Vietnamese practice). */
  easting: number;
}

/** WGS84 longitude/latitude → VN-2000 / TM-3 106-30. */
export function toVn2000(lon: number, lat: number): Vn2000 {
  const [easting, northing] = converter.forward([lon, lat]);
  return { northing: northing!, easting: easting! };
}

/** VN-2000 / TM-3 106-30 → WGS84 [longitude, latitude]. */
export function fromVn2000({ northing, easting }: Vn2000): [number, number] {
  const [lon, lat] = converter.inverse([easting, northing]);
  return [lon!, lat!];
}
