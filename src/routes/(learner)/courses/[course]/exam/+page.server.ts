import { error, fail, redirect } from '@sveltejs/kit';
import { newEventId } from '$lib/sync/event-id';
import { SAVING_HEADER } from '$lib/offline/exam-tickets';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/auth/guards';
import { examForLearner, getCourse } from '$lib/server/content';
import { openExamTicket } from '$lib/server/learning/exam-tickets';
import { courseRule } from '$lib/server/learning/progress';
import { ticketQuestions } from '$lib/server/quiz/draw';
import { applyEvents } from '$lib/server/sync/apply';
import { answersFromForm } from '$lib/sync/protocol';
import type { Actions, PageServerLoad } from './$types';

// The page shows the questions of the learner's ticket and nothing else about them: whether they may start, and
// how many tries are left, come from the phone's progress store with the course's rule (the server checks again
// on hand-in). Stored for offline use, the page is kept by its address, where anyone on the phone could read it:
// then it is the page without a ticket, and the learner's ticket goes to their own store (see offline.json).
export const load: PageServerLoad = async ({ params, request, setHeaders }) => {
	const user = requireUser();
	const course = await getCourse(params.course);
	const exam = await examForLearner(params.course);
	if (!course || !exam) error(404, 'not found');
	const saving = request.headers.has(SAVING_HEADER);
	const opened = saving ? null : await openExamTicket(user.id, course.slug);
	const ticket = opened && 'ticket' in opened && opened.ticket.contentVersion === exam.version ? opened.ticket : null;
	if (!saving) setHeaders({ 'cache-control': 'no-store' });
	return {
		course: { slug: course.slug, title: course.title, passMark: course.passMark },
		rule: courseRule(course),
		/** The page as stored for offline use: its attempt comes from the ticket kept for the learner. */
		shell: saving,
		refused: opened && 'refused' in opened ? opened.refused : null,
		// The questions this ticket drew, without their answers, in the attempt's order.
		attempt: ticket && {
			eventId: newEventId(),
			ticket: ticket.token,
			version: ticket.contentVersion,
			expiresAt: ticket.expiresAt.toISOString(),
			startedAt: new Date().toISOString(),
			questions: ticketQuestions(exam.questions, ticket.seed, ticket.questionIds)
		}
	};
};

export const actions: Actions = {
	submit: async ({ request, params, url }) => {
		const user = requireUser();
		const form = await request.formData();
		const event = {
			id: form.get('eventId'),
			userId: user.id,
			kind: 'exam_attempt',
			courseSlug: params.course,
			contentVersion: form.get('version'),
			clientAt: new Date(),
			payload: {
				ticket: form.get('ticket'),
				startedAt: form.get('startedAt') || undefined,
				answers: answersFromForm(form)
			}
		};
		const { outcomes } = await applyEvents(user, [event], url.origin);
		const outcome = outcomes[0];
		if (outcome.status === 'rejected') return fail(400, { rejected: outcome.reason });
		redirect(303, localizeHref(`/courses/${params.course}/exam/result/${outcome.id}`));
	}
};
