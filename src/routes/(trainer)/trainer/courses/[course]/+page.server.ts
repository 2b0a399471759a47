import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { getCourse } from '$lib/server/content';
import { courseInsights } from '$lib/server/learning/course-insights';
import { byCourse } from '$lib/server/records/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	requireRole('trainer', 'admin');
	const course = getCourse(params.course);
	const insights = course && courseInsights(course.slug);
	if (!course || !insights) error(404, 'Not found');
	// The county's figures for this course, the same the records dashboard shows.
	const stats = byCourse(null, course.slug)[0] ?? null;
	return { course: { slug: course.slug, title: course.title }, stats, ...insights };
};
