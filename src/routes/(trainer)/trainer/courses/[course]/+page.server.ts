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
	if (!course) error(404, 'Not found');
	const slugs = course.lessons.map((l) => l.slug);
	// Asked together (on PostgreSQL each on a connection of its own): the county's figures for this course, the same
	// the records dashboard shows; what learners say, and where they stop: counts and comments, never who.
	const [insights, stats, voice, stops] = await Promise.all([
		courseInsights(course.slug),
		byCourse(null, course.slug).then((rows) => rows[0] ?? null),
		courseFeedback(course.slug, slugs),
		lessonStops(course.slug, slugs)
	]);
	if (!insights) error(404, 'Not found');
	return { course: { slug: course.slug, title: course.title }, stats, ...insights, voice, stops };
};
