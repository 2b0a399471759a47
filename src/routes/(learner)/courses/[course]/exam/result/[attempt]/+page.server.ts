import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { getCourse, listCourses } from '$lib/server/content';
import { examStatus, getAttempt } from '$lib/server/learning/exam-attempts';
import { certificateFor } from '$lib/server/certificates/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const user = requireUser();
	const course = getCourse(params.course);
	const attempt = getAttempt(user.id, params.attempt);
	if (!course || !attempt || attempt.courseSlug !== course.slug) error(404, 'not found');
	const titles = new Map(course.lessons.map((l) => [l.slug, l.title]));
	// Passed: a course to go on with, one this learner holds no certificate for.
	const next = attempt.passed
		? listCourses().find((c) => c.slug !== course.slug && !certificateFor(user.id, c.slug))
		: undefined;
	return {
		course: { slug: course.slug, title: course.title, passMark: course.passMark, version: course.version },
		attempt: {
			score: attempt.score,
			passed: attempt.passed,
			// Which lessons to read again, never which answers were right.
			review: attempt.review.filter((slug) => titles.has(slug)).map((slug) => ({ slug, title: titles.get(slug)! }))
		},
		status: examStatus(user.id, course.slug)!,
		certificate: certificateFor(user.id, course.slug),
		next: next ? { slug: next.slug, title: next.title, summary: next.summary } : null
	};
};
