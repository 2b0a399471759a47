import { z } from 'zod';
import { PAYLOAD_LIMITS as LIMITS } from '../../sync/protocol.ts';

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
