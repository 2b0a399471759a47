import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../db/index.ts';
import {
	certificates,
	households,
	interestEvents,
	opportunities,
	opportunityInterest,
	users,
	villages
} from '../db/schema.ts';
import { clientTime } from '../sync/payloads.ts';
import { clampClientTime, type ClientTimeBounds } from '../sync/client-time.ts';
import type { EventStatus } from '../sync/events.ts';
import { INTEREST_KIND } from '../../opportunities/interest-event.ts';
import { learnerTownship } from './for-learner.ts';
import type { Poster } from './posts.ts';
import { first } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

// "我感兴趣": the interest event's check and apply (wired into /api/sync by apply.ts), and who showed interest,
// for staff.

export const interestEventSchema = z.strictObject({
	id: z.uuid(),
	userId: z.number().int().positive(),
	kind: z.literal(INTEREST_KIND),
	clientAt: clientTime,
	payload: z.strictObject({ opportunityId: z.number().int().positive(), interested: z.boolean() })
});
export type InterestEventInput = z.infer<typeof interestEventSchema>;

/**
 * Records one interest event at most once (its UUID). The learner's standing on the opportunity becomes this
 * event's unless a later one (by the phone's time) is already there, so events arriving out of order agree.
 * An opportunity outside the learner's township is refused; a closed or expired one still takes a withdrawal.
 */
export async function recordInterest(
	tx: Tx,
	userId: number,
	event: InterestEventInput,
	now: Date,
	bounds: ClientTimeBounds
): Promise<EventStatus> {
	const { opportunityId, interested } = event.payload;
	const clientAt = clampClientTime(event.clientAt, bounds);
	const stored = await first(tx.select().from(interestEvents).where(eq(interestEvents.id, event.id)));
	if (stored) {
		const same = stored.userId === userId && stored.opportunityId === opportunityId && stored.interested === interested;
		return same ? { status: 'duplicate' } : { status: 'rejected', reason: 'id_conflict' };
	}
	const opportunity = await first(
		tx
			.select({ townshipId: opportunities.townshipId, closedAt: opportunities.closedAt })
			.from(opportunities)
			.where(eq(opportunities.id, opportunityId))
	);
	const township = await learnerTownship(userId, tx);
	const inScope = opportunity && (opportunity.townshipId === null || opportunity.townshipId === township);
	if (!inScope || (interested && opportunity.closedAt)) return { status: 'rejected', reason: 'unknown_opportunity' };
	await tx.insert(interestEvents).values({
		id: event.id,
		userId,
		opportunityId,
		interested,
		clientAt,
		receivedAt: now,
		countyId: countyOfUser(userId)
	});
	const current = await first(
		tx
			.select({ changedAt: opportunityInterest.changedAt })
			.from(opportunityInterest)
			.where(and(eq(opportunityInterest.opportunityId, opportunityId), eq(opportunityInterest.userId, userId)))
	);
	if (!current || current.changedAt.getTime() <= clientAt.getTime()) {
		await tx
			.insert(opportunityInterest)
			.values({
				opportunityId,
				userId,
				interested,
				eventId: event.id,
				changedAt: clientAt,
				countyId: countyOfUser(userId)
			})
			.onConflictDoUpdate({
				target: [opportunityInterest.opportunityId, opportunityInterest.userId],
				set: { interested, eventId: event.id, changedAt: clientAt }
			});
	}
	return { status: 'applied' };
}

export type InterestedLearner = {
	userId: number;
	name: string;
	village: string;
	phone: string | null;
	since: Date;
	/** Titles of the courses whose certificate they hold (valid ones). */
	certificates: string[];
};

/**
 * The learners interested in an opportunity now, that the poster may see: staff their own township's learners
 * only (a county-wide opportunity draws learners from every township), the county admin all.
 */
export async function interestedLearners(poster: Poster, opportunityId: number): Promise<InterestedLearner[]> {
	const scope = poster.role === 'admin' ? undefined : eq(villages.townshipId, poster.townshipId ?? -1);
	const rows = await db
		.select({
			userId: users.id,
			name: users.name,
			village: villages.name,
			phone: users.phone,
			since: opportunityInterest.changedAt
		})
		.from(opportunityInterest)
		.innerJoin(users, eq(opportunityInterest.userId, users.id))
		.innerJoin(households, eq(users.householdId, households.id))
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(and(eq(opportunityInterest.opportunityId, opportunityId), eq(opportunityInterest.interested, true), scope))
		.orderBy(opportunityInterest.changedAt);
	if (rows.length === 0) return [];
	const held = await db
		.select({ userId: certificates.userId, title: certificates.courseTitle })
		.from(certificates)
		.where(
			and(
				inArray(
					certificates.userId,
					rows.map((r) => r.userId)
				),
				isNull(certificates.revokedAt)
			)
		);
	return rows.map((r) => ({ ...r, certificates: held.filter((c) => c.userId === r.userId).map((c) => c.title) }));
}

/** How many learners (that the poster may see) are interested in each of these opportunities. */
export async function interestCounts(poster: Poster, ids: number[]): Promise<Map<number, number>> {
	const counts = new Map<number, number>();
	if (ids.length === 0) return counts;
	const scope = poster.role === 'admin' ? undefined : eq(villages.townshipId, poster.townshipId ?? -1);
	for (const row of await db
		.select({ id: opportunityInterest.opportunityId })
		.from(opportunityInterest)
		.innerJoin(users, eq(opportunityInterest.userId, users.id))
		.innerJoin(households, eq(users.householdId, households.id))
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(and(inArray(opportunityInterest.opportunityId, ids), eq(opportunityInterest.interested, true), scope))) {
		counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
	}
	return counts;
}
