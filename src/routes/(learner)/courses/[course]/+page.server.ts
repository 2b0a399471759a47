import { error } from '@sveltejs/kit';
import { examForLearner, getCourse } from '$lib/server/content';
import { courseIntroHtml } from '$lib/server/content/lesson-html';
import { completedLessons } from '$lib/server/learning/progress';
import { examStatus, listAttempts } from '$lib/server/learning/exam-attempts';
import { certificateFor } from '$lib/server/certificates/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const course = getCourse(params.course);
	if (!course) error(404, 'not found');
	const done = locals.user ? completedLessons(locals.user.id, course.slug) : new Set<string>();
	const lessons = course.lessons.map((l) => ({
		slug: l.slug,
		title: l.title,
		minutes: l.minutes,
		done: done.has(l.slug)
	}));
	return {
		course: {
			slug: course.slug,
			title: course.title,
			summary: course.summary,
			category: course.category,
			minutes: course.minutes,
			coverUrl: course.coverUrl,
			passMark: course.passMark,
			version: course.version
		},
		lessons,
		introHtml: await courseIntroHtml(course.slug),
		examQuestions: examQuestionCount(examForLearner(course.slug)),
		signedIn: !!locals.user,
		exam: locals.user ? examStatus(locals.user.id, course.slug) : null,
		attempts: locals.user
			? listAttempts(locals.user.id, course.slug).map((a) => ({ id: a.eventId, score: a.score, passed: a.passed }))
			: [],
		certificate: locals.user ? certificateFor(locals.user.id, course.slug) : null
	};
};

/** Questions one attempt asks: the pool's draw, or every question. */
function examQuestionCount(exam: { draw: number | null; questions: unknown[] } | null): number {
	return exam ? (exam.draw ?? exam.questions.length) : 0;
}
