// Who is signed in, asked of the server on every page start: a stored page cannot say (it is the same for
// everyone), so it must never decide whose outbox runs. Offline, the phone's last signed-in learner (kept in
// IndexedDB, cleared at sign-out) stands in.
import { rememberFamilyMember } from './family.ts';
import { markOutboxUsed, outboxUsed } from './outbox-used.ts';
import { learner, setLearner, type SessionUser } from './progress-store.svelte.ts';
import type { LearnerState } from './outbox.ts';

let checked: () => void = () => {};
/** Resolves once this page knows who is signed in (the server said, or offline, the phone's last learner). */
export const sessionChecked = new Promise<void>((resolve) => (checked = resolve));

type Me = { user: SessionUser | null; state: LearnerState | null };
type Client = typeof import('./client.ts');

/**
 * How long the server has to answer. With one bar of signal a request can go out and no answer ever come; every
 * "this lesson is done" and "hand in" waits for this check before it goes into the outbox, so it must end, and
 * then the phone goes on as offline (its last learner).
 */
export const SESSION_CHECK_MS = 8000;

async function askServer(): Promise<Me | null> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), SESSION_CHECK_MS);
	try {
		const response = await fetch('/api/me', { cache: 'no-store', credentials: 'same-origin', signal: abort.signal });
		if (!response.ok) return null;
		const body = (await response.json()) as Partial<Me> | null;
		return body && 'user' in body ? { user: body.user ?? null, state: body.state ?? null } : null;
	} catch {
		return null;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Finds out who is signed in and starts their outbox. Resolves with the outbox's module when it was loaded
 * (for a learner, or where a learner once signed in), so the layout can show its status.
 */
export async function checkSession(): Promise<Client | null> {
	try {
		return await findLearner();
	} finally {
		checked();
	}
}

async function findLearner(): Promise<Client | null> {
	const me = await askServer();
	if (me) {
		const isLearner = me.user?.role === 'learner';
		setLearner(me.user, false, me.state);
		if (me.user && isLearner) {
			markOutboxUsed();
			rememberFamilyMember(me.user);
		}
		// Nobody (or staff) signed in: the outbox is told only where a learner once was, to forget them.
		if (!isLearner && !outboxUsed()) return null;
		const client = await import('./client.ts');
		const user = isLearner && me.user ? me.user : null;
		if (user && me.state) await client.rememberState(me.state).catch(() => undefined);
		void client.startSync(user ? { id: user.id, name: user.name } : null);
		return client;
	}
	if (!outboxUsed()) {
		setLearner(null, true);
		return null;
	}
	const client = await import('./client.ts');
	const last = await client.lastLearner().catch(() => null);
	// Known only by id and name offline; the rest is not needed to learn.
	setLearner(last ? { ...last, role: 'learner', username: '', village: null } : null, true);
	void client.startSync(last);
	return client;
}

/** The learner shown now, for a check after the page came back from the browser's back-forward cache. */
export const shownLearnerId = (): number | null => learner.user?.id ?? null;
