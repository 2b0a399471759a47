import { error } from '@sveltejs/kit';
import { examForLearner, getCourse } from '$lib/server/content';
import { courseIntroHtml } from '$lib/server/content/pages';
import { courseRule } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

// The same for everyone who opens it (a saved course keeps it): the learner's lessons done, results and
// certificate come from the phone's progress store, with the course's rule to decide by.
export const load: PageServerLoad = async ({ params }) => {
	const course = await getCourse(params.course);
	if (!course) error(404, 'not found');
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
		rule: courseRule(course),
		lessons: course.lessons.map((l) => ({ slug: l.slug, title: l.title, minutes: l.minutes })),
		introHtml: await courseIntroHtml(course.slug),
		examQuestions: examQuestionCount(await examForLearner(course.slug))
	};
};

/** Questions one attempt asks: the pool's draw, or every question. */
function examQuestionCount(exam: { draw: number | null; questions: unknown[] } | null): number {
	return exam ? (exam.draw ?? exam.questions.length) : 0;
}
