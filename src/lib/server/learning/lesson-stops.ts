// Where a course's learners stop: for each lesson, how many learners did it and not the lesson after it. Counts
// only, for the trainer's page beside what learners say (ratings/course-feedback.ts).
import { sql } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { lessonCompletions } from '../db/schema.ts';
import { dbTime, rawRows } from '../db/dialect.ts';

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
	const pairs = sql.join(
		lessonSlugs.slice(0, -1).map((slug, i) => sql`(${slug}, ${lessonSlugs[i + 1]})`),
		sql`, `
	);
	const before = dbTime(new Date(now.getTime() - STOP_AFTER_DAYS * 86_400_000));
	// Lesson by lesson: its learners, each looked up among the next lesson's, both read from the (course, lesson,
	// learner, time) index alone. One pass over all of the course's completions joined to the next lessons instead
	// read every completion's row, and took about 2 s for a course of a million learners.
	const rows = await rawRows<{ lesson: string; n: number }>(
		db,
		sql`
		with next_lesson(lesson, next) as (values ${pairs})
		select next_lesson.lesson as lesson, (
			select count(*) from ${lessonCompletions} a
			where a.course_slug = ${courseSlug} and a.lesson_slug = next_lesson.lesson and a.completed_at < ${before}
				and not exists (
					select 1 from ${lessonCompletions} b
					where b.course_slug = a.course_slug and b.lesson_slug = next_lesson.next and b.user_id = a.user_id
				)
		) as n
		from next_lesson`
	);
	for (const row of rows) {
		const i = lessonSlugs.indexOf(row.lesson);
		if (i >= 0) stops[i] = Number(row.n);
	}
	return stops;
}
