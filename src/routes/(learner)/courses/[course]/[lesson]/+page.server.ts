import { error, fail } from '@sveltejs/kit';
import { newEventId } from '$lib/sync/event-id';
import { requireUser } from '$lib/server/auth/guards';
import { getCourse, getLesson } from '$lib/server/content';
import { lessonHtml } from '$lib/server/content/pages';
import { applyEvents } from '$lib/server/sync/apply';
import { feedbackAnswer, notUnderstood, rate } from './feedback.server';
import type { Actions, PageServerLoad } from './$types';

// The same for everyone who opens it (a saved course keeps it): whether this learner has done the lesson comes
// from the phone's progress store.
export const load: PageServerLoad = async ({ params }) => {
	const course = await getCourse(params.course);
	const lesson = await getLesson(params.course, params.lesson);
	const html = course && lesson ? await lessonHtml(course.slug, lesson.slug) : null;
	if (!course || !lesson || html === null) error(404, 'not found');
	return {
		html,
		course: {
			slug: course.slug,
			title: course.title,
			version: course.version,
			lessonCount: course.lessons.length,
			narration: course.narration
		},
		lesson: {
			slug: lesson.slug,
			title: lesson.title,
			minutes: lesson.minutes,
			number: lesson.order,
			audioUrl: lesson.audioUrl ?? null,
			prev: lesson.prev
				? { slug: lesson.prev, title: course.lessons.find((l) => l.slug === lesson.prev)!.title }
				: null,
			next: lesson.next ? { slug: lesson.next, title: course.lessons.find((l) => l.slug === lesson.next)!.title } : null
		},
		// The id of the completion a plain form post sends: a double tap or a resent form carries the same id. A
		// stored copy gives everyone the same one, so the phone's outbox makes each learner's own from it.
		eventId: newEventId()
	};
};

export const actions: Actions = {
	complete: async ({ request, params, url }) => {
		const user = requireUser();
		const form = await request.formData();
		const event = {
			id: form.get('eventId'),
			userId: user.id,
			kind: 'lesson_completed',
			courseSlug: params.course,
			lessonSlug: params.lesson,
			contentVersion: form.get('contentVersion'),
			clientAt: new Date()
		};
		const { outcomes, certificates } = await applyEvents(user, [event], url.origin);
		const outcome = outcomes[0];
		if (outcome.status === 'rejected')
			return fail(outcome.reason === 'id_conflict' ? 409 : 400, { completeError: true });
		// Without JavaScript, the answer is where a learner can rate the lesson or say "我没看懂".
		const feedback = user.role === 'learner' ? await feedbackAnswer(user.id, params) : null;
		return { completed: true, certificate: certificates[0] ?? null, ...feedback };
	},
	rate,
	notUnderstood
};
