// Which opportunities a learner sees and whether they qualify: pure rules, used by the phone (from the progress
// store, offline too) and table-tested. The server decides which township's opportunities reach the phone; the
// phone hides the ones that expired while it was offline and works out "你符合条件" from the certificates it knows.
import type { InterestEvent } from './interest-event.ts';

/** A certificate as the progress store knows it. */
export type HeldCertificate = { courseSlug: string; revokedAt: string | null };

export type Qualification = { qualifies: boolean; missing: string[] };

/**
 * Whether a learner holding `held` qualifies for an opportunity asking for `required` courses' certificates,
 * and which courses they still need (in the opportunity's order). Asking for none: open to all. A revoked
 * certificate counts as not held.
 */
export function qualification(required: readonly string[], held: readonly HeldCertificate[]): Qualification {
	const valid = new Set(held.filter((c) => c.revokedAt === null).map((c) => c.courseSlug));
	const missing = required.filter((slug) => !valid.has(slug));
	return missing.length === 0 ? { qualifies: true, missing: [] } : { qualifies: false, missing };
}

/** Whether an opportunity is still shown on `today` (a China calendar day, YYYY-MM-DD): through its expiry day. */
export const stillOpen = (expiresOn: string, today: string): boolean => today <= expiresOn;

/**
 * Whether the learner is interested in an opportunity now: what the server last said, unless the learner's
 * unsent events say otherwise (the latest by the phone's time wins).
 */
export function interestNow(
	opportunityId: number,
	fromServer: boolean,
	pending: readonly { kind: string; clientAt: string; payload?: unknown }[]
): boolean {
	let latest: InterestEvent | null = null;
	for (const event of pending) {
		if (event.kind !== 'interest') continue;
		const interest = event as InterestEvent;
		if (interest.payload.opportunityId !== opportunityId) continue;
		if (!latest || Date.parse(interest.clientAt) >= Date.parse(latest.clientAt)) latest = interest;
	}
	return latest ? latest.payload.interested : fromServer;
}
