// How many lessons a learner first completed on each day of the last weeks, for the phone's learning calendar,
// weekly goal and milestones. Bounded (the calendar's weeks), so the learner state stays small.
import { and, count, eq, gte, sql } from 'drizzle-orm';
import { db, prepare, prepared } from '../db/index.ts';
import { lessonCompletions } from '../db/schema.ts';
import { CALENDAR_WEEKS, chinaWeekStart } from '../../learning/weeks.ts';
import { chinaDayOf, dbTime, timeSql } from '../db/dialect.ts';

const WEEK_MS = 7 * 24 * 3_600_000;

const day = chinaDayOf(lessonCompletions.completedAt);
const perDay = prepared((database) =>
	prepare(
		database
			.select({ day, lessons: count() })
			.from(lessonCompletions)
			.where(
				and(
					eq(lessonCompletions.userId, sql.placeholder('userId')),
					gte(lessonCompletions.completedAt, timeSql(sql.placeholder('from')))
				)
			)
			.groupBy(day),
		'learning/lesson-days.perDay'
	)
);

/** Lessons first completed per China calendar day (YYYY-MM-DD) since the start of the calendar's first week. */
export async function lessonDays(userId: number, now = new Date()): Promise<Record<string, number>> {
	const from = new Date(chinaWeekStart(now).getTime() - (CALENDAR_WEEKS - 1) * WEEK_MS);
	const rows = await perDay(db).execute({ userId, from: dbTime(from) });
	return Object.fromEntries(rows.map((r) => [r.day, r.lessons]));
}
