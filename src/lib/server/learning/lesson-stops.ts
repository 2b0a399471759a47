// Where a course's learners stop: for each lesson, how many learners did it and not the lesson after it. Counts
// only, for the trainer's page beside what learners say (ratings/course-feedback.ts).
import { and, eq, lt, sql } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { lessonCompletions } from '../db/schema.ts';
import { countMissing, rawRows } from '../db/dialect.ts';

/** A learner who did a lesson less than this long ago may simply not have come to the next one yet. */
export const STOP_AFTER_DAYS = 7;

/**
 * For each lesson but the last, in the course's order: learners who completed it at least `STOP_AFTER_DAYS` ago
 * and have not completed the lesson after it (in any content version). Lessons are as the course orders them now.
 */
export async function lessonStops(
	courseSlug: string,
	lessonSlugs: readonly string[],
	now = new Date()
): Promise<number[]> {
	const stops = lessonSlugs.map(() => 0);
	if (lessonSlugs.length < 2) return stops;
	const before = new Date(now.getTime() - STOP_AFTER_DAYS * 86_400_000);
	// A lesson's learners, each once (a learner completes a lesson once); with `doneBefore`, those who did it before.
	const learnersOf = (lessonSlug: string, doneBefore?: Date) =>
		sql`select ${lessonCompletions.userId} from ${lessonCompletions} where ${and(
			eq(lessonCompletions.courseSlug, courseSlug),
			eq(lessonCompletions.lessonSlug, lessonSlug),
			doneBefore && lt(lessonCompletions.completedAt, doneBefore)
		)}`;
	// Lesson by lesson: its learners (at least a week ago) less the next lesson's, both read in learner order from the
	// (course, lesson, learner, time) index alone (see countMissing). One pass over all of the course's completions
	// joined to the next lessons instead read every completion's row, and took about 2 s for a course of a million
	// learners.
	const counts = lessonSlugs
		.slice(0, -1)
		.map((slug, i) => sql`${countMissing(learnersOf(slug, before), learnersOf(lessonSlugs[i + 1]))}`);
	const [row] = await rawRows<Record<string, number | string>>(
		db,
		sql`select ${sql.join(
			counts.map((count, i) => sql`${count} as ${sql.identifier(`n${i}`)}`),
			sql`, `
		)}`
	);
	for (let i = 0; i < lessonSlugs.length - 1; i++) stops[i] = Number(row[`n${i}`]);
	return stops;
}
