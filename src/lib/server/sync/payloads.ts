import { z } from 'zod';
import { PAYLOAD_LIMITS as LIMITS } from '../../sync/protocol.ts';
import { COMMENT_MAX, RATING_FACES, tidyComment } from '../../sync/rating.ts';

// The server's checks of each event kind's payload (the shapes are `$lib/sync/protocol`'s). Objects are strict
// and every string and list is capped: a payload is stored as it came, so nothing unexpected may ride along.

const questionId = z
	.string()
	.max(LIMITS.questionIdLength)
	.regex(/^[\w-]+$/);
const chosen = z
	.array(
		z
			.string()
			.max(LIMITS.optionIdLength)
			.regex(/^[\w-]+$/)
	)
	.max(LIMITS.chosenPerQuestion);

/** A time the phone sent (an ISO string) or the server made (a Date). */
export const clientTime = z.union([z.date(), z.string().max(LIMITS.timeLength)]).pipe(z.coerce.date());

/** A lesson completion carries nothing but its lesson. */
export const lessonCompletedPayload = z.null().optional();

export const practiceAnswerPayload = z.strictObject({
	questionId,
	chosen,
	correct: z.boolean()
});

export const examAttemptPayload = z.strictObject({
	/** The signed single-use ticket the exam page or the saved course gave (`<id>.<signature>`). */
	// Optional here so that an attempt without one is answered 'no_ticket' (see learning/exam-attempts.ts).
	ticket: z.string().min(1).max(LIMITS.ticketLength).optional(),
	startedAt: clientTime.optional(),
	answers: z
		.record(questionId, chosen)
		.refine((answers) => Object.keys(answers).length <= LIMITS.examAnswers, 'too many answers')
});
export type ExamAttemptPayload = z.infer<typeof examAttemptPayload>;

/** Characters no comment keeps: controls, format characters (bidi overrides, zero-width), lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/**
 * A rating: one of the faces and maybe a comment. The comment is a learner's own words, so it is tidied rather
 * than refused (an event made offline cannot be typed again): invisible characters dropped, spaces made one,
 * capped; an empty one is no comment. It is stored as the text it is and always shown as text.
 */
export const ratingPayload = z.strictObject({
	face: z.enum(RATING_FACES),
	comment: z
		.string()
		// The phone caps it too: a little room for what tidying removes, never a long text.
		.max(COMMENT_MAX * 2)
		.transform((text) => tidyComment(text.normalize('NFC').replace(INVISIBLE, '')) || undefined)
		.optional()
});

/** "我没看懂" carries nothing but its lesson. */
export const notUnderstoodPayload = z.null().optional();
