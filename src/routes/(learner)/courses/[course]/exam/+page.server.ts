import { error, fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/auth/guards';
import { examForLearner, getCourse } from '$lib/server/content';
import { courseRule } from '$lib/server/learning/progress';
import { newSeed, shuffleExam } from '$lib/server/quiz/shuffle';
import { rememberExamVersion } from '$lib/server/quiz/versions';
import { applyEvents } from '$lib/server/sync/apply';
import type { Actions, PageServerLoad } from './$types';

// Nothing about the learner here (a saved course keeps this page): whether they may start, and how many tries
// are left, comes from the phone's progress store with the course's rule. The server checks again on hand-in.
export const load: PageServerLoad = ({ params }) => {
	requireUser();
	const course = getCourse(params.course);
	const exam = examForLearner(params.course);
	if (!course || !exam) error(404, 'not found');
	const seed = newSeed();
	rememberExamVersion(course.slug);
	return {
		course: { slug: course.slug, title: course.title, passMark: course.passMark },
		rule: courseRule(course),
		// Questions without their answers, in this attempt's own order; the seed goes back with the answers.
		questions: shuffleExam(exam.questions, seed),
		attempt: { eventId: crypto.randomUUID(), seed, version: exam.version, startedAt: new Date().toISOString() }
	};
};

export const actions: Actions = {
	submit: async ({ request, params, url }) => {
		const user = requireUser();
		const form = await request.formData();
		const answers: Record<string, string[]> = {};
		for (const [name, value] of form) {
			if (name.startsWith('q:') && typeof value === 'string') (answers[name.slice(2)] ??= []).push(value);
		}
		const event = {
			id: form.get('eventId'),
			kind: 'exam_attempt',
			courseSlug: params.course,
			contentVersion: form.get('version'),
			clientAt: new Date(),
			payload: { seed: Number(form.get('seed')), startedAt: form.get('startedAt'), answers }
		};
		const { outcomes } = await applyEvents(user, [event], url.origin);
		const outcome = outcomes[0];
		if (outcome.status === 'rejected') return fail(400, { rejected: outcome.reason });
		redirect(303, localizeHref(`/courses/${params.course}/exam/result/${outcome.id}`));
	}
};
