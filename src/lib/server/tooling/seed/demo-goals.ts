// Weekly goals for the demo's learning history (issue 16): most family members who learned in the last weeks
// chose a goal a while ago, so their calendar, weeks met and milestones have something to show. Sent through
// applyEvents, the path a phone's sync takes, on the evening the choice would have arrived.
import { and, eq, gte } from 'drizzle-orm';
import { db } from '../../db/index.ts';
import { lessonCompletions } from '../../db/schema.ts';
import { applyEvents } from '../../sync/apply.ts';
import { seededRandom } from '../seeded-random.ts';
import { first } from '../../db/dialect.ts';

const DAY = 86_400_000;

/** Gives two in three of these learners who learned in the last 12 weeks a goal of 1 to 3 lessons a week. */
export async function seedDemoGoals(userIds: number[], origin: string, now = new Date()): Promise<number> {
	const next = seededRandom(16);
	const since = new Date(now.getTime() - 84 * DAY);
	let goals = 0;
	for (const userId of userIds) {
		const recent = await first(
			db
				.select({ at: lessonCompletions.completedAt })
				.from(lessonCompletions)
				.where(and(eq(lessonCompletions.userId, userId), gte(lessonCompletions.completedAt, since)))
		);
		if (!recent || next() < 1 / 3) continue;
		// Chosen some weeks ago, arriving that evening.
		const at = new Date(now.getTime() - (20 + Math.floor(next() * 20)) * DAY);
		const event = {
			id: `de60a100-0000-4000-8000-${userId.toString(16).padStart(12, '0')}`,
			userId,
			kind: 'goal_set',
			clientAt: new Date(at.getTime() - 3_600_000).toISOString(),
			payload: { lessonsPerWeek: 1 + Math.floor(next() * 3) }
		};
		await applyEvents({ id: userId }, [event], origin, at);
		goals++;
	}
	return goals;
}
