// The last village figures each learner loaded, kept on the phone under that learner's id so the village page
// works offline, and dropped with the rest of their progress at sign-out (outbox.ts forgetLearnerState).
import { getMeta, setMeta } from './outbox.ts';

export interface StoredVillageView<T> {
	view: T;
	/** When the figures were loaded (ISO), so the page can say how old they are. */
	loadedAt: string;
}

/** Keeps what the server just sent for this learner. */
export async function keepVillageView<T>(userId: number, view: T, now = new Date()): Promise<void> {
	await setMeta(`village:${userId}`, { view, loadedAt: now.toISOString() } satisfies StoredVillageView<T>);
}

/** This learner's last loaded figures, or null (never loaded on this phone, or forgotten at sign-out). */
export async function lastVillageView<T>(userId: number): Promise<StoredVillageView<T> | null> {
	return ((await getMeta(`village:${userId}`)) as StoredVillageView<T> | undefined) ?? null;
}
