// The "我感兴趣" (I'm interested) event: one tap on a phone, kept in the outbox like a lesson done, so it works
// offline and is sent once. Plain TypeScript: the opportunities page and the service worker's sync read it.

export const INTEREST_KIND = 'interest' as const;

/** What one interest event carries: the opportunity, and whether the learner is now interested (false: withdrawn). */
export type InterestPayload = { opportunityId: number; interested: boolean };

/** An interest event as the outbox keeps it and sends it. Not tied to a course, so it has no course fields. */
export type InterestEvent = {
	/** A UUID made on the phone: a resend is recognised and counted once. */
	id: string;
	userId: number;
	kind: typeof INTEREST_KIND;
	/** ISO time on the phone; the latest of a learner's events about one opportunity decides. */
	clientAt: string;
	payload: InterestPayload;
};

/** Why the server refused an interest event, beyond the reasons every event shares. */
export type InterestRejection =
	/** No such opportunity, or not one for the learner's township (closed and expired ones still take a withdrawal). */
	'unknown_opportunity';
