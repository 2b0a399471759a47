// Courses and lessons for load functions: plain data, never the exam's answer key.
import { contentIndex, findCourse } from './store.ts';

export { contentProblems } from './store.ts';
import type { Course, CourseSummary, Lesson } from './types.ts';

export type * from './types.ts';
export { examForLearner, getExam } from './exam.ts';

/** Every course, in the order of their folder numbers. */
export function listCourses(): CourseSummary[] {
	return contentIndex().courses.map((c) => ({
		slug: c.slug,
		order: c.order,
		title: c.title,
		summary: c.summary,
		category: c.category,
		level: c.level,
		language: c.language,
		minutes: c.minutes,
		coverUrl: c.coverUrl,
		lessonCount: c.lessonCount,
		version: c.version
	}));
}

/** A course with its lessons, or null. */
export function getCourse(slug: string): Course | null {
	const course = findCourse(slug);
	if (!course) return null;
	// Listed field by field so the exam never rides along.
	return {
		slug: course.slug,
		order: course.order,
		title: course.title,
		summary: course.summary,
		category: course.category,
		level: course.level,
		language: course.language,
		minutes: course.minutes,
		coverUrl: course.coverUrl,
		lessonCount: course.lessonCount,
		version: course.version,
		lessons: course.lessons.map((lesson) => ({ ...lesson })),
		passMark: course.passMark,
		examAttemptsPerDay: course.examAttemptsPerDay,
		requireAllLessons: course.requireAllLessons,
		narration: course.narration,
		sizeBytes: course.sizeBytes,
		hasExam: course.hasExam
	};
}

/** A lesson's details with the slugs of its neighbours, or null. */
export function getLesson(courseSlug: string, lessonSlug: string): Lesson | null {
	const lessons = findCourse(courseSlug)?.lessons ?? [];
	const at = lessons.findIndex((lesson) => lesson.slug === lessonSlug);
	if (at < 0) return null;
	return {
		...lessons[at],
		courseSlug,
		prev: lessons[at - 1]?.slug ?? null,
		next: lessons[at + 1]?.slug ?? null
	};
}

/** The content version of a course, or null when there is no such course. */
export function contentVersion(courseSlug: string): string | null {
	return findCourse(courseSlug)?.version ?? null;
}
