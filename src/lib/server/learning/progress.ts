import { and, count, desc, eq, max, sql } from 'drizzle-orm';
import { db, prepare, prepared, type Executor } from '../db/index.ts';
import { lessonCompletions } from '../db/schema.ts';
import type { CourseRule } from '../../learning/rules.ts';
import type { Course } from '../content/types.ts';

/** What a course asks of a learner, in the shape the shared rules take. */
export function courseRule(course: Course): CourseRule {
	return {
		lessonSlugs: course.lessons.map((l) => l.slug),
		requireAllLessons: course.requireAllLessons,
		hasExam: course.hasExam,
		examAttemptsPerDay: course.examAttemptsPerDay
	};
}

// Read by every exam attempt recorded: prepared once per connection (see `prepared`).
const completions = prepared((database) =>
	prepare(
		database
			.select({ lessonSlug: lessonCompletions.lessonSlug })
			.from(lessonCompletions)
			.where(
				and(
					eq(lessonCompletions.userId, sql.placeholder('userId')),
					eq(lessonCompletions.courseSlug, sql.placeholder('courseSlug'))
				)
			),
		'learning/progress.completions'
	)
);

/** The slugs of the lessons of one course a learner has completed; inside a transaction, pass it as `database`. */
export async function completedLessons(
	userId: number,
	courseSlug: string,
	database: Executor = db
): Promise<Set<string>> {
	const rows = await completions(database).execute({ userId, courseSlug });
	return new Set(rows.map((r) => r.lessonSlug));
}

/** Per course the learner has started: lessons done and when they last finished one, most recent first. */
export async function startedCourses(
	userId: number
): Promise<{ courseSlug: string; done: number; lastAt: Date | null }[]> {
	return await db
		.select({
			courseSlug: lessonCompletions.courseSlug,
			done: count(),
			lastAt: max(lessonCompletions.completedAt)
		})
		.from(lessonCompletions)
		.where(eq(lessonCompletions.userId, userId))
		.groupBy(lessonCompletions.courseSlug)
		.orderBy(desc(max(lessonCompletions.completedAt)));
}
