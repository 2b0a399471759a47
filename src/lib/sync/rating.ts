// The learners' voice: a rating of a course or a lesson with one tap (three faces) and maybe a short comment, and
// "我没看懂" (I didn't understand) on a lesson. Both are learning events of the sync protocol (course, version and,
// for a lesson, its slug), kept in the outbox like a lesson done so that they work offline and are sent once.
// Plain TypeScript: the lesson and course pages and the service worker's sync load it (see protocol.ts).

export const RATING_KIND = 'rating' as const;
export const NOT_UNDERSTOOD_KIND = 'not_understood' as const;

/** The three faces, from worst to best; the order the page shows them in and the trainer's columns. */
export const RATING_FACES = ['hard', 'ok', 'useful'] as const;
export type RatingFace = (typeof RATING_FACES)[number];

/** How each face looks (its word comes from the message catalogue). */
export const FACE_EMOJI: Record<RatingFace, string> = { hard: '😟', ok: '😐', useful: '😊' };

/** A comment's length at most (characters as the browser counts them: a textarea's maxlength says the same). */
export const COMMENT_MAX = 200;

/** What a rating carries. A new rating of the same course or lesson replaces the learner's earlier one whole. */
export type RatingPayload = { face: RatingFace; comment?: string };

/** The learner's own rating, as their state carries it and as the page shows it back to them. */
export type MyRating = { face: RatingFace; comment: string | null; at: string };

/** What a learner said about courses and lessons, as their state carries it (absent in an older state). */
export type LearnerFeedback = {
	/** By `ratingKey`: the learner's latest rating of each course or lesson. */
	ratings?: Record<string, MyRating>;
	/** `ratingKey`s of the lessons the learner said they did not understand. */
	notUnderstood?: string[];
};

/** A course's key is its slug; a lesson's, `course/lesson`. */
export const ratingKey = (courseSlug: string, lessonSlug?: string | null): string =>
	lessonSlug ? `${courseSlug}/${lessonSlug}` : courseSlug;

/** Why the server refused a rating or "我没看懂" sent by a form post (no JavaScript); the page says it in words. */
export type FeedbackFormError = 'face' | 'comment_too_long' | 'not_saved';

export const isRatingFace = (face: unknown): face is RatingFace => RATING_FACES.includes(face as RatingFace);

/** A comment as it is sent and kept: line breaks and runs of spaces made one space, trimmed, capped. */
export function tidyComment(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, COMMENT_MAX)
		.replace(/[\uD800-\uDBFF]$/, '');
}

type PendingEvent = {
	kind: string;
	id: string;
	clientAt: string;
	courseSlug?: string;
	lessonSlug?: string | null;
	payload?: unknown;
};

const sameTarget = (e: PendingEvent, courseSlug: string, lessonSlug?: string | null) =>
	e.courseSlug === courseSlug && (e.lessonSlug ?? null) === (lessonSlug ?? null);

/**
 * The rating that stands for a course (or one of its lessons): the latest of the server's and those made on this
 * phone and not yet sent (by time, as the server decides), so a tap made offline shows at once and after a reload.
 */
export function myRating(
	state: LearnerFeedback | null | undefined,
	pending: readonly PendingEvent[],
	courseSlug: string,
	lessonSlug?: string | null
): MyRating | null {
	let rating = state?.ratings?.[ratingKey(courseSlug, lessonSlug)] ?? null;
	for (const e of pending) {
		if (e.kind !== RATING_KIND || !sameTarget(e, courseSlug, lessonSlug)) continue;
		const payload = e.payload as RatingPayload | undefined;
		if (!isRatingFace(payload?.face)) continue;
		if (!rating || Date.parse(e.clientAt) >= Date.parse(rating.at)) {
			rating = { face: payload.face, comment: payload.comment || null, at: e.clientAt };
		}
	}
	return rating;
}

/** Whether the learner said they did not understand a lesson (on the server, or on this phone and not yet sent). */
export function saidNotUnderstood(
	state: LearnerFeedback | null | undefined,
	pending: readonly PendingEvent[],
	courseSlug: string,
	lessonSlug: string
): boolean {
	return (
		!!state?.notUnderstood?.includes(ratingKey(courseSlug, lessonSlug)) ||
		pending.some((e) => e.kind === NOT_UNDERSTOOD_KIND && sameTarget(e, courseSlug, lessonSlug))
	);
}
