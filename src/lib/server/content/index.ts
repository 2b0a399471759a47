// Courses and lessons for load functions: plain data, never the exam's answer key.
import { contentIndex, findCourse } from './store.ts';

export { contentProblems } from './store.ts';
import type { Course, CourseSummary, Lesson } from './types.ts';

export type * from './types.ts';
export { examForLearner, getExam } from './exam.ts';

/** Every course, in the order of their folder numbers. */
export async function listCourses(): Promise<CourseSummary[]> {
	return (await contentIndex()).courses.map((c) => ({
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
export async function getCourse(slug: string): Promise<Course | null> {
	const course = await findCourse(slug);
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
export async function getLesson(courseSlug: string, lessonSlug: string): Promise<Lesson | null> {
	const lessons = (await findCourse(courseSlug))?.lessons ?? [];
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
export async function contentVersion(courseSlug: string): Promise<string | null> {
	return (await findCourse(courseSlug))?.version ?? null;
}
