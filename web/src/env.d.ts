/// <reference types="vite/client" />
/// <reference types="svelte" />

/** exifr's browser build (its package entry is the Node one): the same API, typed by exifr. */
declare module 'exifr/dist/lite.esm.mjs' {
  export { parse } from 'exifr';
}
