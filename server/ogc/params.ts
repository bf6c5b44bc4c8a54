/**
 * The query of an OGC API items request (Part 1 Core, Part 2 crs): bbox, datetime, limit, offset,
 * crs and bbox-crs, and `f` for the format. A bad value is a 400 that says what was wrong, and so
 * is a parameter the API does not define (Part 1, /req/core/query-param-unknown): a misspelt
 * `bbx` answered with every feature would look like a filter that found them all.
 */
import type { BBox } from 'geojson';
import { endOfLocalDay, isCalendarDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import { OGC_DEFAULT_LIMIT } from '../domain/paging.ts';
import { CRS84, isSupportedCrs, SUPPORTED_CRS, type Crs } from './crs.ts';

export const DEFAULT_LIMIT = OGC_DEFAULT_LIMIT;
export const MAX_LIMIT = 10_000;

export interface ItemsQuery {
  /** In `bboxCrs`. */
  bbox?: BBox;
  bboxCrs: Crs;
  /** Inclusive instant bounds (ISO, UTC); either may be open. */
  datetime?: { from?: string; to?: string };
  limit: number;
  offset: number;
  crs: Crs;
}

function bad(parameter: string, vi: string, en: string): DomainError {
  return new DomainError('BAD_REQUEST', { vi, en }, { parameter });
}

/**
 * Four numbers, or six with heights (Part 1 allows both): the records have no height, so a 3D
 * box is read as its ground plan.
 */
function parseBbox(text: string): BBox {
  const numbers = text.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x)));
  const plan = numbers.length === 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers;
  const [minX, minY, maxX, maxY] = plan as [number, number, number, number];
  const heights = numbers.length === 6 ? numbers[2]! <= numbers[5]! : true;
  if (
    plan.length !== 4 ||
    !numbers.every(Number.isFinite) ||
    minX > maxX ||
    minY > maxY ||
    !heights
  ) {
    throw bad(
      'bbox',
      `bbox phải là minLon,minLat,maxLon,maxLat hoặc minLon,minLat,minH,maxLon,maxLat,maxH (min ≤ max), không phải "${text.slice(0, 100)}".`,
      `bbox must be minLon,minLat,maxLon,maxLat or minLon,minLat,minH,maxLon,maxLat,maxH (min ≤ max), not "${text.slice(0, 100)}".`,
    );
  }
  return [minX, minY, maxX, maxY];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * One end of a datetime: an RFC 3339 instant, or a calendar date taken as that whole day in
 * office time (its first instant at the start of an interval, its last at the end).
 */
function instant(text: string, end: 'start' | 'end'): string | null {
  if (DATE_TIME.test(text)) {
    const ms = Date.parse(text.toUpperCase());
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  if (isCalendarDate(text)) {
    const next = Date.parse(endOfLocalDay(text));
    return new Date(end === 'start' ? next - 86_400_000 : next - 1).toISOString();
  }
  return null;
}

function parseDatetime(text: string): { from?: string; to?: string } {
  const parts = text.split('/');
  const fail = () =>
    bad(
      'datetime',
      `datetime phải là một thời điểm RFC 3339 (2026-02-10T09:00:00+07:00), một ngày, hoặc khoảng "đầu/cuối" (".." để bỏ trống), không phải "${text.slice(0, 100)}".`,
      `datetime must be an RFC 3339 instant (2026-02-10T09:00:00+07:00), a date, or an interval "start/end" (".." for open), not "${text.slice(0, 100)}".`,
    );
  if (parts.length === 1) {
    const from = instant(text, 'start');
    const to = instant(text, 'end');
    if (!from || !to) throw fail();
    return { from, to };
  }
  if (parts.length !== 2) throw fail();
  const [start, end] = parts.map((p) => (p === '..' || p === '' ? null : p)) as [
    string | null,
    string | null,
  ];
  const from = start === null ? undefined : instant(start, 'start');
  const to = end === null ? undefined : instant(end, 'end');
  if (from === null || to === null || (from && to && from > to)) throw fail();
  return { ...(from && { from }), ...(to && { to }) };
}

function parseInteger(text: string, name: string, min: number): number {
  const value = /^\d{1,10}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(value >= min)) {
    throw bad(
      name,
      `${name} phải là số nguyên từ ${min} trở lên, không phải "${text.slice(0, 50)}".`,
      `${name} must be a whole number of at least ${min}, not "${text.slice(0, 50)}".`,
    );
  }
  return value;
}

function parseCrs(text: string | undefined, name: string): Crs {
  if (text === undefined) return CRS84;
  if (!isSupportedCrs(text)) {
    throw bad(
      name,
      `${name} không được hỗ trợ: "${text.slice(0, 100)}". Dùng: ${SUPPORTED_CRS.join(', ')}.`,
      `${name} is not supported: "${text.slice(0, 100)}". Use: ${SUPPORTED_CRS.join(', ')}.`,
    );
  }
  return text;
}

const ITEMS_PARAMETERS = ['bbox', 'bbox-crs', 'datetime', 'limit', 'offset', 'crs', 'f'];
const FEATURE_PARAMETERS = ['crs', 'f'];
/** The values of `f`: GeoJSON, by either of its names, and HTML for a person. */
const FORMATS = ['json', 'geojson', 'html'];

/** Refuses a parameter this request does not define, and a format that is not offered. */
function checkParameters(query: Record<string, string | undefined>, known: string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const names = unknown.map((name) => `"${name.slice(0, 50)}"`).join(', ');
    throw new DomainError(
      'BAD_REQUEST',
      {
        vi: `Tham số không được hỗ trợ: ${names}. Dùng: ${known.join(', ')}.`,
        en: `Unsupported parameter: ${names}. Use: ${known.join(', ')}.`,
      },
      { parameters: unknown.slice(0, 20), supported: known },
    );
  }
  if (query.f !== undefined && !FORMATS.includes(query.f)) {
    throw bad(
      'f',
      `f chỉ nhận ${FORMATS.join(', ')}, không phải "${query.f.slice(0, 50)}".`,
      `f takes ${FORMATS.join(', ')}, not "${query.f.slice(0, 50)}".`,
    );
  }
}

export function parseItemsQuery(query: Record<string, string | undefined>): ItemsQuery {
  checkParameters(query, ITEMS_PARAMETERS);
  return {
    bbox: query.bbox === undefined ? undefined : parseBbox(query.bbox),
    bboxCrs: parseCrs(query['bbox-crs'], 'bbox-crs'),
    datetime: query.datetime === undefined ? undefined : parseDatetime(query.datetime),
    // A limit over the maximum is served as the maximum, not refused (Part 1, Permission 5).
    limit:
      query.limit === undefined
        ? DEFAULT_LIMIT
        : Math.min(parseInteger(query.limit, 'limit', 1), MAX_LIMIT),
    offset: query.offset === undefined ? 0 : parseInteger(query.offset, 'offset', 0),
    crs: parseCrs(query.crs, 'crs'),
  };
}

/** The crs of a single feature's request. */
export function parseFeatureQuery(query: Record<string, string | undefined>): { crs: Crs } {
  checkParameters(query, FEATURE_PARAMETERS);
  return { crs: parseCrs(query.crs, 'crs') };
}

/** The `f` of a document (landing page, conformance, collections): json or html. */
export function parseDocumentFormat(f: string | undefined): 'json' | 'html' | undefined {
  if (f === undefined || f === 'json' || f === 'html') return f;
  throw bad(
    'f',
    `f chỉ nhận json, html, không phải "${f.slice(0, 50)}".`,
    `f takes json, html, not "${f.slice(0, 50)}".`,
  );
}
