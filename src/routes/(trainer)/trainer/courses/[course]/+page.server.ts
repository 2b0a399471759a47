import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { getCourse } from '$lib/server/content';
import { courseInsights } from '$lib/server/learning/course-insights';
import { lessonStops } from '$lib/server/learning/lesson-stops';
import { courseFeedback } from '$lib/server/ratings/course-feedback';
import { byCourse } from '$lib/server/records/dashboard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	requireRole('trainer', 'admin');
	const course = await getCourse(params.course);
	const insights = course && (await courseInsights(course.slug));
	if (!course || !insights) error(404, 'Not found');
	// The county's figures for this course, the same the records dashboard shows.
	const stats = (await byCourse(null, course.slug))[0] ?? null;
	const slugs = course.lessons.map((l) => l.slug);
	// What learners say, and where they stop: counts and comments, never who.
	const voice = await courseFeedback(course.slug, slugs);
	return {
		course: { slug: course.slug, title: course.title },
		stats,
		...insights,
		voice,
		stops: await lessonStops(course.slug, slugs)
	};
};
