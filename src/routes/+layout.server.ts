import type { LayoutServerLoad } from './$types';

// Nothing about who is signed in: every page's data carries the layout's, and the service worker stores
// learner pages by address for whoever holds the phone next. The header and the outbox ask GET /api/me.
export const load: LayoutServerLoad = () => ({});
