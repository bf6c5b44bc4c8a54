/**
 * The OGC API in HTML (Part 1, /conf/html): the landing page, conformance, the collections, a
 * collection, a page of items and one feature, for a person who opens /ogc in a browser, in
 * Vietnamese first. Everything shown is escaped; every page links its JSON.
 */
import { escapeXml } from '../exports/kml.ts';
import type { Link } from './documents.ts';

const esc = (value: unknown) =>
  escapeXml(value === null || value === undefined ? '' : String(value));

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td{max-width:28rem;overflow-wrap:break-word}.scroll{overflow-x:auto}
td:first-child{white-space:nowrap}
nav a{margin-right:1rem}code{background:#f2f2f2;padding:0 .2rem}`;

/** A whole page: its title, a way back to the landing page, its JSON, and the body. */
export function page(title: string, base: string, json: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><style>${STYLE}</style></head>
<body><nav><a href="${esc(base)}?f=html">OGC API</a><a href="${esc(base)}/collections?f=html">Tập dữ liệu / Collections</a><a href="${esc(json)}">JSON</a></nav>
<h1>${esc(title)}</h1>
${body}
</body></html>
`;
}

/** An HTML link to a document: its HTML form when it has one. */
function linkHtml(link: Link): string {
  return `<li><a href="${esc(link.href)}">${esc(link.title ?? link.rel)}</a> <small>(${esc(link.rel)}, ${esc(link.type)})</small></li>`;
}

export function linksHtml(links: readonly Link[]): string {
  return `<ul>${links.map(linkHtml).join('')}</ul>`;
}

/** A table of rows of plain values, the header given. */
export function tableHtml(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  // A layer has dozens of fields: the table scrolls sideways, not the page.
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A cell's text, escaped. */
export const text = (value: unknown) => esc(value);

/** A link's HTML, escaped. */
export const anchor = (href: string, label: unknown) => `<a href="${esc(href)}">${esc(label)}</a>`;

/** The same address asking for another format: `f=html` or `f=json`. */
export function withFormat(href: string, f: 'html' | 'json'): string {
  const url = new URL(href);
  url.searchParams.set('f', f);
  return url.toString();
}
