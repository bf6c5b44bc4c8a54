/**
 * The server's Content-Security-Policy forbids eval. Zod probes for it with `new Function` when a
 * schema is built, and the probe alone reports a CSP violation: tell it not to try. Imported first
 * in main.ts, before any module builds a schema.
 */
import { config } from 'zod';

config({ jitless: true });
