// How many lessons a learner first completed on each day of the last weeks, for the phone's learning calendar,
// weekly goal and milestones. Bounded (the calendar's weeks), so the learner state stays small.
import { and, eq, gte, sql } from 'drizzle-orm';
import { db, prepared } from '../db/index.ts';
import { lessonCompletions } from '../db/schema.ts';
import { CHINA_OFFSET_MS } from '../../dates.ts';
import { CALENDAR_WEEKS, chinaWeekStart } from '../../learning/weeks.ts';

const WEEK_MS = 7 * 24 * 3_600_000;

const day = sql<string>`strftime('%Y-%m-%d', (${lessonCompletions.completedAt} + ${CHINA_OFFSET_MS}) / 1000, 'unixepoch')`;
const perDay = prepared((database) =>
	database
		.select({ day, lessons: sql<number>`count(*)` })
		.from(lessonCompletions)
		.where(
			and(
				eq(lessonCompletions.userId, sql.placeholder('userId')),
				gte(lessonCompletions.completedAt, sql`${sql.placeholder('fromMs')}`)
			)
		)
		.groupBy(day)
		.prepare()
);

/** Lessons first completed per China calendar day (YYYY-MM-DD) since the start of the calendar's first week. */
export async function lessonDays(userId: number, now = new Date()): Promise<Record<string, number>> {
	const from = chinaWeekStart(now).getTime() - (CALENDAR_WEEKS - 1) * WEEK_MS;
	const rows = await perDay(db).execute({ userId, fromMs: from });
	return Object.fromEntries(rows.map((r) => [r.day, r.lessons]));
}
