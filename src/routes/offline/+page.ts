// Built once at build time and precached by the service worker: shown for pages never visited while offline.
export const prerender = true;
