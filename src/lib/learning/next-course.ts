// Where a learner goes on from: the lesson to continue with on the home page, and a course to suggest once one is
// passed. Pure, from the course list a page already has and the learner's progress on the phone.
import { startedCourses } from './standing.ts';
import type { LearnerState, SyncEvent } from '../sync/protocol.ts';

export type CourseOutline = { slug: string; title: string; lessonSlugs: string[] };
export type Continue = { course: CourseOutline; lessonSlug: string; number: number; done: number };

/**
 * The next lesson to learn: in the course of the last lesson done on this phone, else the started course with the
 * most lessons done, the first lesson not yet done in either. Null when nothing is started or all started is done.
 */
export function continueWith(
	courses: readonly CourseOutline[],
	state: LearnerState | null,
	pending: readonly SyncEvent[]
): Continue | null {
	const started = startedCourses(state, pending);
	const latest = pending.findLast((e) => e.kind === 'lesson_completed')?.courseSlug;
	const candidates = courses
		.map((course) => {
			const done = started.get(course.slug);
			const next = course.lessonSlugs.findIndex((slug) => !done?.has(slug));
			const count = course.lessonSlugs.filter((slug) => done?.has(slug)).length;
			return { course, next, count };
		})
		.filter((c) => c.count > 0 && c.next >= 0)
		.sort((a, b) => Number(b.course.slug === latest) - Number(a.course.slug === latest) || b.count - a.count);
	const best = candidates[0];
	return best
		? { course: best.course, lessonSlug: best.course.lessonSlugs[best.next], number: best.next + 1, done: best.count }
		: null;
}

/**
 * A course to suggest after `after` (the course just passed or finished): one without a certificate, started ones
 * first, in the list's order otherwise. Null when every other course is certified.
 */
export function suggestCourse<C extends CourseOutline>(
	courses: readonly C[],
	state: LearnerState | null,
	pending: readonly SyncEvent[],
	after?: string
): C | null {
	const certified = new Set((state?.certificates ?? []).filter((c) => !c.revokedAt).map((c) => c.courseSlug));
	const started = startedCourses(state, pending);
	const open = courses.filter((c) => c.slug !== after && !certified.has(c.slug));
	return open.find((c) => started.has(c.slug)) ?? open[0] ?? null;
}
