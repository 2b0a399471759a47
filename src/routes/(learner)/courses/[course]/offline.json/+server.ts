import { error, json } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { getCourse } from '$lib/server/content';
import type { RequestHandler } from './$types';

/** The pages to store for reading a course offline (the exam too for a signed-in learner; never its answers). */
export const GET: RequestHandler = ({ params, locals }) => {
	const course = getCourse(params.course);
	if (!course) error(404, 'not found');
	const base = `/courses/${course.slug}`;
	const pages = [base, ...course.lessons.map((l) => `${base}/${l.slug}`)];
	if (locals.user && course.hasExam) pages.push(`${base}/exam`);
	return json(
		{ version: course.version, title: course.title, pages: pages.map((p) => localizeHref(p)) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
