// A learner's ratings and "我没看懂" taps as they stand, kept from their events (sync/events.ts writes the event row
// first, once, and then calls here in the same transaction); the learner's own state reads them back (sync/state.ts).
import { and, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '../db/index.ts';
import { learnerRatings, lessonNotUnderstood } from '../db/schema.ts';
import { type MyRating, type RatingPayload } from '../../sync/rating.ts';
import { first } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

type FeedbackEvent = {
	id: string;
	courseSlug: string;
	lessonSlug?: string | null;
} & ({ kind: 'rating'; payload: RatingPayload } | { kind: 'not_understood'; payload?: null });

/**
 * Notes a new rating or "我没看懂" (its event was just recorded, for the first time). A rating replaces the learner's
 * earlier one of the same course or lesson unless that one is later (by the phone's clamped time, then by event
 * id), so phones that rated offline agree whatever order their events arrive in. "我没看懂" counts once.
 */
export async function noteFeedback(tx: Tx, userId: number, event: FeedbackEvent, at: Date): Promise<void> {
	const courseSlug = event.courseSlug;
	const lessonSlug = event.lessonSlug ?? '';
	if (event.kind === 'not_understood') {
		await tx
			.insert(lessonNotUnderstood)
			.values({ userId, courseSlug, lessonSlug, eventId: event.id, at, countyId: countyOfUser(userId) })
			.onConflictDoNothing();
		return;
	}
	const { face, comment = null } = event.payload;
	await tx
		.insert(learnerRatings)
		.values({
			userId,
			courseSlug,
			lessonSlug,
			face,
			comment,
			eventId: event.id,
			ratedAt: at,
			countyId: countyOfUser(userId)
		})
		.onConflictDoUpdate({
			target: [learnerRatings.userId, learnerRatings.courseSlug, learnerRatings.lessonSlug],
			set: {
				face: sql`excluded.face`,
				comment: sql`excluded.comment`,
				eventId: sql`excluded.event_id`,
				ratedAt: sql`excluded.rated_at`
			},
			// Later wins; at the same millisecond the larger id, so every server order gives one answer.
			setWhere: sql`excluded.rated_at > ${learnerRatings.ratedAt} or (excluded.rated_at = ${learnerRatings.ratedAt} and excluded.event_id > ${learnerRatings.eventId})`
		});
}

/** The learner's rating of one course (no lesson) or lesson as it stands, or null: what a page posted to shows. */
export async function standingRating(
	userId: number,
	courseSlug: string,
	lessonSlug?: string | null
): Promise<MyRating | null> {
	const row = await first(
		db
			.select({ face: learnerRatings.face, comment: learnerRatings.comment, at: learnerRatings.ratedAt })
			.from(learnerRatings)
			.where(
				and(
					eq(learnerRatings.userId, userId),
					eq(learnerRatings.courseSlug, courseSlug),
					eq(learnerRatings.lessonSlug, lessonSlug ?? '')
				)
			)
	);
	return row ? { face: row.face, comment: row.comment, at: row.at.toISOString() } : null;
}

/** Whether the learner said "我没看懂" of one lesson. */
export async function saidNotUnderstoodOf(userId: number, courseSlug: string, lessonSlug: string): Promise<boolean> {
	const row = await first(
		db
			.select({ userId: lessonNotUnderstood.userId })
			.from(lessonNotUnderstood)
			.where(
				and(
					eq(lessonNotUnderstood.userId, userId),
					eq(lessonNotUnderstood.courseSlug, courseSlug),
					eq(lessonNotUnderstood.lessonSlug, lessonSlug)
				)
			)
	);
	return !!row;
}
