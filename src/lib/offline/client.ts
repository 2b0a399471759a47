/**
 * Everything a page uses of the outbox, in one module so that it arrives as one file: the layout and the
 * lesson and course pages load it when they need it (`import('$lib/offline/client')`), the exam and account
 * pages import it directly. Loaded either way, it is one instance: one outbox state per page.
 */
export {
	dismissRejectedEvent,
	forgetLearner,
	lastLearner,
	recordEvent,
	rememberState,
	startSync,
	syncNow,
	syncState
} from './sync-state.svelte.ts';
export { getMeta, pendingEvents, setMeta } from './outbox.ts';
export { keepVillageView, lastVillageView } from './village-store.ts';
export { default as SyncStatus } from '$lib/components/SyncStatus.svelte';
