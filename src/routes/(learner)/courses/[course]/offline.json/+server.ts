import { error, json } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { examForLearner, getCourse } from '$lib/server/content';
import { openExamTicket } from '$lib/server/learning/exam-tickets';
import { ticketQuestions } from '$lib/server/quiz/draw';
import type { OfflineExamTicket } from '$lib/offline/exam-tickets';
import type { RequestHandler } from './$types';

/**
 * The pages to store for reading a course offline (the exam page too for a signed-in learner; never its answers),
 * and for a learner an exam ticket with the questions it drew, which the phone keeps in that learner's own store,
 * not with the pages. Saving again gives the same ticket while it is unused, so it costs no attempt.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const course = await getCourse(params.course);
	if (!course) error(404, 'not found');
	const base = `/courses/${course.slug}`;
	const pages = [base, ...course.lessons.map((l) => `${base}/${l.slug}`)];
	let ticket: OfflineExamTicket | null = null;
	const exam = await examForLearner(course.slug);
	if (locals.user && exam) {
		pages.push(`${base}/exam`);
		const opened = await openExamTicket(locals.user.id, course.slug);
		if ('ticket' in opened && opened.ticket.contentVersion === exam.version) {
			ticket = {
				userId: locals.user.id,
				courseSlug: course.slug,
				contentVersion: opened.ticket.contentVersion,
				token: opened.ticket.token,
				questions: ticketQuestions(exam.questions, opened.ticket.seed, opened.ticket.questionIds),
				expiresAt: opened.ticket.expiresAt.toISOString()
			};
		}
	}
	return json(
		{ version: course.version, title: course.title, pages: pages.map((p) => localizeHref(p)), ticket },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
