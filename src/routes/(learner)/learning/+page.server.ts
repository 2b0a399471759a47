import { listCourses } from '$lib/server/content';
import { startedCourses } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) return { signedIn: false, courses: [] };
	const bySlug = new Map(listCourses().map((c) => [c.slug, c]));
	const courses = startedCourses(locals.user.id).flatMap(({ courseSlug, done }) => {
		const course = bySlug.get(courseSlug);
		return course ? [{ ...course, done: Math.min(done, course.lessonCount) }] : [];
	});
	return { signedIn: true, courses };
};
