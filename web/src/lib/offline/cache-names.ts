/** The service worker's runtime caches, named once for vite.config.ts and the page. */

/** The deployment's settings and the ward layers: the same for everyone. */
export const REFERENCE_CACHE = 'uim-reference';
/** The records, lists and histories last read, as the signed-in user may see them. */
export const RECORDS_CACHE = 'uim-records';
/** Thumbnails last shown. */
export const PHOTOS_CACHE = 'uim-photos';
/** Caches that hold what one user read: answered only to them, forgotten when they go. */
export const PRIVATE_CACHES = [RECORDS_CACHE, PHOTOS_CACHE];

/**
 * Whose the private caches are: one entry the page writes (cache-owner.ts) and the worker reads
 * (owner-plugin.ts). Cache Storage, because both the page and the worker can reach it.
 */
export const OWNER_CACHE = 'uim-owner';
export const OWNER_KEY = '/__uim/owner';
