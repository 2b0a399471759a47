// The `goal_set` event: a learner chose how many lessons a week they aim for (see `$lib/sync/goal`). Its own
// table holds one row per learner, and the latest choice wins, by the event's clamped time and then its id, so
// that two phones which chose offline end up agreeing whatever order their events arrive in.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Tx } from '../db/index.ts';
import { learnerGoals } from '../db/schema.ts';
import { GOAL_KIND, GOAL_LIMITS } from '../../sync/goal.ts';
import { clientTime } from './payloads.ts';
import { clampClientTime, type ClientTimeBounds } from './client-time.ts';
import { first } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

export const goalSetEvent = z.strictObject({
	id: z.uuid(),
	userId: z.number().int().positive(),
	kind: z.literal(GOAL_KIND),
	clientAt: clientTime,
	payload: z.strictObject({ lessonsPerWeek: z.number().int().min(GOAL_LIMITS.min).max(GOAL_LIMITS.max) })
});
export type GoalEvent = z.infer<typeof goalSetEvent>;

/**
 * Keeps the learner's goal if this choice is the latest one heard of. An older choice is still 'applied' (it was
 * heard and has simply been overtaken), so the phone lets it go; the same event sent again is 'duplicate'.
 */
export async function recordGoal(
	tx: Tx,
	userId: number,
	event: GoalEvent,
	now: Date,
	bounds: ClientTimeBounds
): Promise<{ status: 'applied' | 'duplicate' }> {
	const setAt = clampClientTime(event.clientAt, bounds);
	const stored = await first(
		tx.select({ eventId: learnerGoals.eventId }).from(learnerGoals).where(eq(learnerGoals.userId, userId))
	);
	if (stored?.eventId === event.id) return { status: 'duplicate' as const };
	await tx
		.insert(learnerGoals)
		.values({
			userId,
			lessonsPerWeek: event.payload.lessonsPerWeek,
			setAt,
			eventId: event.id,
			receivedAt: now,
			countyId: countyOfUser(userId)
		})
		.onConflictDoUpdate({
			target: learnerGoals.userId,
			set: {
				lessonsPerWeek: sql`excluded.lessons_per_week`,
				setAt: sql`excluded.set_at`,
				eventId: sql`excluded.event_id`,
				receivedAt: sql`excluded.received_at`
			},
			// Later wins; at the same millisecond the larger id, so every server order gives one answer.
			setWhere: sql`excluded.set_at > ${learnerGoals.setAt} or (excluded.set_at = ${learnerGoals.setAt} and excluded.event_id > ${learnerGoals.eventId})`
		});
	return { status: 'applied' as const };
}
