// A rating and "我没看懂" sent by a plain form post: a phone without JavaScript (or before its script has run). The
// form is checked like any form, then becomes the very event the outbox would have sent, applied through
// applyEvents under the id the form carries: a resent or doubly tapped form counts once, and nothing downstream
// (the learner's state, the trainer's counts) can tell the two ways apart.
import { z } from 'zod';
import type { SessionUser } from '../auth/session.ts';
import { completedLessons } from '../learning/progress.ts';
import { applyEvents } from '../sync/apply.ts';
import { VERSION_PATTERN } from '../../sync/protocol.ts';
import {
	COMMENT_MAX,
	NOT_UNDERSTOOD_KIND,
	RATING_FACES,
	RATING_KIND,
	type FeedbackFormError,
	type MyRating
} from '../../sync/rating.ts';
import { saidNotUnderstoodOf, standingRating } from './record.ts';
import { newEventId } from '../../sync/event-id.ts';

/** What a refused form gets back: its status, why, and the comment as it was typed (the textarea keeps it). */
export type FeedbackFormRefusal = { ok: false; status: 400 | 409; error: FeedbackFormError; comment: string };

/** The course (no lesson) or the lesson a form is about, and the form as it came. */
type Sent = { courseSlug: string; lessonSlug?: string | null; form: FormData; origin: string; now?: Date };

// A form sends a line break as two characters; the comment keeps one space for any run of them, so that is what
// counts against the limit (the same a textarea's maxlength counts).
const collapsed = (text: string) => text.replace(/\s+/g, ' ').trim();

const eventFields = {
	eventId: z.uuid('not_saved'),
	contentVersion: z.string().regex(VERSION_PATTERN, 'not_saved')
};
const rateForm = z.object({
	...eventFields,
	face: z.enum(RATING_FACES, 'face'),
	// Absent from the faces' form (and empty): the comment given before stays with the new face, as on the phone.
	comment: z.string().transform(collapsed).pipe(z.string().max(COMMENT_MAX, 'comment_too_long')).optional()
});
const notUnderstoodForm = z.object(eventFields);

const field = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : undefined;
};

/** The first problem of a form, as one of ours (every message of the schemas is one). */
const problem = (error: z.ZodError) => error.issues[0].message as FeedbackFormError;

/** Applies one event made from a form; a refusal is the learner's to see ("not saved"), a reused id a conflict. */
async function apply(
	user: Pick<SessionUser, 'id'>,
	event: Record<string, unknown>,
	origin: string,
	now: Date
): Promise<{ status: 400 | 409 } | null> {
	const [outcome] = (await applyEvents(user, [event], origin, now)).outcomes;
	return outcome.status === 'rejected' ? { status: outcome.reason === 'id_conflict' ? 409 : 400 } : null;
}

/**
 * Rates a course (no lesson) or a lesson from a form with `face`, maybe `comment`, and the event's `eventId` and
 * `contentVersion`. A comment too long is refused, not cut, since the learner is there to shorten it. Gives the
 * rating as it now stands (a resend, or a later rating from another phone, may stand instead of this one).
 */
export async function rateByForm(
	user: Pick<SessionUser, 'id'>,
	{ courseSlug, lessonSlug = null, form, origin, now = new Date() }: Sent
): Promise<{ ok: true; rating: MyRating | null } | FeedbackFormRefusal> {
	const typed = field(form, 'comment');
	// Sent back into the textarea: a few hundred characters, whatever was posted.
	const comment = (typed ?? '').slice(0, COMMENT_MAX * 2);
	const parsed = rateForm.safeParse({
		eventId: field(form, 'eventId'),
		contentVersion: field(form, 'contentVersion'),
		face: field(form, 'face'),
		comment: typed
	});
	if (!parsed.success) return { ok: false, status: 400, error: problem(parsed.error), comment };
	const { face } = parsed.data;
	const kept = parsed.data.comment || (await standingRating(user.id, courseSlug, lessonSlug))?.comment;
	const refused = await apply(
		user,
		{
			id: parsed.data.eventId,
			userId: user.id,
			kind: RATING_KIND,
			courseSlug,
			lessonSlug,
			contentVersion: parsed.data.contentVersion,
			clientAt: now,
			payload: kept ? { face, comment: kept } : { face }
		},
		origin,
		now
	);
	if (refused) return { ok: false, status: refused.status, error: 'not_saved', comment };
	return { ok: true, rating: await standingRating(user.id, courseSlug, lessonSlug) };
}

/** "我没看懂" of a lesson from a form with the event's `eventId` and `contentVersion`. */
export async function notUnderstoodByForm(
	user: Pick<SessionUser, 'id'>,
	{ courseSlug, lessonSlug, form, origin, now = new Date() }: Sent & { lessonSlug: string }
): Promise<{ ok: true } | FeedbackFormRefusal> {
	const parsed = notUnderstoodForm.safeParse({
		eventId: field(form, 'eventId'),
		contentVersion: field(form, 'contentVersion')
	});
	if (!parsed.success) return { ok: false, status: 400, error: problem(parsed.error), comment: '' };
	const refused = await apply(
		user,
		{
			id: parsed.data.eventId,
			userId: user.id,
			kind: NOT_UNDERSTOOD_KIND,
			courseSlug,
			lessonSlug,
			contentVersion: parsed.data.contentVersion,
			clientAt: now
		},
		origin,
		now
	);
	return refused ? { ok: false, status: refused.status, error: 'not_saved', comment: '' } : { ok: true };
}

/** What a lesson page's forms show after a post, and fresh ids for the next ones (each form its own). */
export type LessonFeedbackForms = {
	done: boolean;
	rating: MyRating | null;
	notUnderstood: boolean;
	rateId: string;
	notUnderstoodId: string;
};

/**
 * The learner's own word on a lesson, for the answer to a post only: the lesson page itself is the same for
 * everyone (a phone may keep it), so this never goes into what it loads.
 */
export async function lessonFeedbackForms(
	userId: number,
	courseSlug: string,
	lessonSlug: string
): Promise<LessonFeedbackForms> {
	return {
		done: (await completedLessons(userId, courseSlug)).has(lessonSlug),
		rating: await standingRating(userId, courseSlug, lessonSlug),
		notUnderstood: await saidNotUnderstoodOf(userId, courseSlug, lessonSlug),
		rateId: newEventId(),
		notUnderstoodId: newEventId()
	};
}
