import { error, fail } from '@sveltejs/kit';
import { newEventId } from '$lib/sync/event-id';
import { requireRole, requireUser } from '$lib/server/auth/guards';
import { getCourse, listCourses, type CourseSummary } from '$lib/server/content';
import { examStatus, getAttempt } from '$lib/server/learning/exam-attempts';
import { certificateFor } from '$lib/server/certificates/records';
import { rateByForm } from '$lib/server/ratings/form';
import { standingRating } from '$lib/server/ratings/record';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const user = requireUser();
	const course = await getCourse(params.course);
	const attempt = await getAttempt(user.id, params.attempt);
	if (!course || !attempt || attempt.courseSlug !== course.slug) error(404, 'not found');
	const titles = new Map(course.lessons.map((l) => [l.slug, l.title]));
	// Passed: a course to go on with, one this learner holds no certificate for.
	let next: CourseSummary | undefined;
	if (attempt.passed) {
		for (const c of await listCourses()) {
			if (c.slug !== course.slug && !(await certificateFor(user.id, c.slug))) {
				next = c;
				break;
			}
		}
	}
	return {
		course: { slug: course.slug, title: course.title, passMark: course.passMark, version: course.version },
		attempt: {
			score: attempt.score,
			passed: attempt.passed,
			// Which lessons to read again, never which answers were right.
			review: attempt.review.filter((slug) => titles.has(slug)).map((slug) => ({ slug, title: titles.get(slug)! }))
		},
		status: (await examStatus(user.id, course.slug))!,
		certificate: await certificateFor(user.id, course.slug),
		next: next ? { slug: next.slug, title: next.title, summary: next.summary } : null,
		// The course's rating, given here by tapping (the phone's outbox) or by a form post without JavaScript: this
		// page is this learner's alone and never stored, so it may say what they gave. A fresh id for each post.
		rate: user.role === 'learner' ? { rating: await standingRating(user.id, course.slug), eventId: newEventId() } : null
	};
};

export const actions: Actions = {
	rate: async ({ request, params, url }) => {
		const user = requireRole('learner');
		const attempt = await getAttempt(user.id, params.attempt);
		if (!(await getCourse(params.course)) || !attempt || attempt.courseSlug !== params.course) error(404, 'not found');
		const form = await request.formData();
		const sent = await rateByForm(user, { courseSlug: params.course, form, origin: url.origin });
		// Taken: the page is loaded again after this and shows the rating as it stands.
		if (!sent.ok) return fail(sent.status, { rateError: sent.error, comment: sent.comment });
	}
};
