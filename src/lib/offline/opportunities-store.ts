// The opportunities a learner's phone shows. They depend on the learner's township and their own interest, so
// they come from GET /api/opportunities (never stored by a cache) and are kept on the phone per learner, beside
// their progress state in the outbox's database: offline, the last list shows; at sign-out it goes with the rest
// of the learner's data (outbox.ts, forgetLearnerState). Loaded only by the opportunities page and the home teaser.
import type { LearnerOpportunities } from '../opportunities/types.ts';

// Through client.ts, which signed-in pages have loaded already: importing outbox.ts here would split the outbox
// out of that file into a chunk of its own, one more request on every signed-in page.
const outbox = () => import('./client.ts');

export type OpportunitiesLoad = { list: LearnerOpportunities | null; offline: boolean };

/** The learner's opportunities: fresh from the server when it answers, else the copy kept on this phone. */
export async function loadOpportunities(userId: number, fetcher: typeof fetch = fetch): Promise<OpportunitiesLoad> {
	try {
		const response = await fetcher('/api/opportunities', { cache: 'no-store', credentials: 'same-origin' });
		if (response.ok) {
			const list = (await response.json()) as LearnerOpportunities;
			// Another learner's answer (the session changed under the page) is neither kept nor shown.
			if (list.userId === userId && Array.isArray(list.opportunities)) {
				await (await outbox()).setMeta(`opportunities:${userId}`, list);
				return { list, offline: false };
			}
		}
	} catch {
		// No connection: the kept copy below.
	}
	return { list: (await (await outbox()).getMeta(`opportunities:${userId}`)) ?? null, offline: true };
}

/** Notes the learner's own tap in the kept copy, so it shows the same after their event is sent and gone. */
export async function keepInterest(userId: number, opportunityId: number, interested: boolean): Promise<void> {
	const { getMeta, setMeta } = await outbox();
	const list = await getMeta(`opportunities:${userId}`);
	if (!list) return;
	const opportunities = list.opportunities.map((o) => (o.id === opportunityId ? { ...o, interested } : o));
	await setMeta(`opportunities:${userId}`, { ...list, opportunities });
}
