/**
 * GeoReport v2's XML, its default format: a root element holding one element per item, each
 * field an element of its own name, an empty one for no value. Lists inside an item (discovery's
 * endpoints and formats) hold elements of their singular name.
 */
import { escapeXml } from '../exports/kml.ts';

type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

/** The element name of one item of a list, by the list's name. */
const SINGULAR: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  services: 'service',
  service_requests: 'request',
  errors: 'error',
};

function element(name: string, value: Value): string {
  if (value === null || value === undefined) return `<${name}></${name}>`;
  if (Array.isArray(value)) {
    const item = SINGULAR[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => element(k, v));
    return `<${name}>${fields.join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A document whose root is `root`, holding `value` (a list's items, or an object's fields). */
export function georeportXml(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}

export const XML_TYPE = 'text/xml; charset=utf-8';
