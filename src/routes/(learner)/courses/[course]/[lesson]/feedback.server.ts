// "我没看懂" and the lesson's rating for a phone without JavaScript: form posts to this page's `rate` and
// `notUnderstood` actions (and the `complete` one, after which they are offered). The forms are drawn here, into
// the answer to a post, which alone may say what this learner gave: the page itself is the same for everyone (a
// phone may keep it), and its script carries none of their bytes. With JavaScript the page loads LessonFeedback.
import { error, fail, type Action } from '@sveltejs/kit';
import { render } from 'svelte/server';
import { requireRole } from '$lib/server/auth/guards';
import { getCourse, getLesson } from '$lib/server/content';
import {
	lessonFeedbackForms,
	notUnderstoodByForm,
	rateByForm,
	type FeedbackFormRefusal
} from '$lib/server/ratings/form';
import LessonFeedbackForms from './LessonFeedbackForms.svelte';

type Params = { course: string; lesson: string };

/**
 * The forms with what the learner's word on the lesson now is (after a refusal, why, and the comment as typed),
 * as HTML, and whether the lesson is done: the answer to a post shows both.
 */
export async function feedbackAnswer(
	userId: number,
	{ course, lesson }: Params,
	refused: FeedbackFormRefusal | null = null
): Promise<{ done: boolean; feedbackHtml: string }> {
	const feedback = await lessonFeedbackForms(userId, course, lesson);
	const { head, body } = render(LessonFeedbackForms, {
		props: { contentVersion: (await getCourse(course))!.version, feedback, refused }
	});
	// The forms' own style comes in `head`; it works where they are.
	return { done: feedback.done, feedbackHtml: head + body };
}

/** The signed-in learner (only learners' words count) and the lesson, or 404. */
async function learnerOf(params: Params) {
	const user = requireRole('learner');
	if (!(await getLesson(params.course, params.lesson))) error(404, 'not found');
	return user;
}

const answer = async (userId: number, params: Params, sent: { ok: true } | FeedbackFormRefusal) =>
	sent.ok ? await feedbackAnswer(userId, params) : fail(sent.status, await feedbackAnswer(userId, params, sent));

/** An action that sends the learner's form one way, then answers with the forms as they now stand. */
const formAction =
	(send: typeof rateByForm | typeof notUnderstoodByForm): Action<Params> =>
	async ({ request, params, url }) => {
		const user = await learnerOf(params);
		const form = await request.formData();
		const sent = await send(user, { courseSlug: params.course, lessonSlug: params.lesson, form, origin: url.origin });
		return answer(user.id, params, sent);
	};

export const rate = formAction(rateByForm);
export const notUnderstood = formAction(notUnderstoodByForm);
