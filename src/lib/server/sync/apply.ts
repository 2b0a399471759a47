import { z } from 'zod';
import type { SessionUser } from '../auth/session.ts';
import { maybeIssueCertificate } from '../certificates/issue.ts';
import { recordExamAttempt, type AttemptResult } from '../learning/exam-attempts.ts';
import type { RejectionReason } from '../../sync/protocol.ts';
import { eventSchema, recordEvent, type LearningEvent } from './events.ts';
import { interestEventSchema, recordInterest, type InterestEventInput } from '../opportunities/interest.ts';

// Every kind the outbox sends: learning in a course, and interest in an opportunity (its own module).
const anyEventSchema = z.union([eventSchema, interestEventSchema]);

export type EventOutcome =
	| { id: string; status: 'applied' | 'duplicate'; attempt?: AttemptResult }
	| { id: string; status: 'rejected'; reason: RejectionReason };

/**
 * Applies a learner's events in the order they happened: each one at most once (its UUID), exams marked on
 * the server, and a certificate issued as soon as a course's rule is met. The same path serves the forms
 * (one event) and the offline outbox (a batch), so both count things the same way.
 */
export async function applyEvents(
	user: Pick<SessionUser, 'id'>,
	events: unknown[],
	origin: string,
	now = new Date()
): Promise<{ outcomes: EventOutcome[]; certificates: string[] }> {
	const parsed = events.map((raw, index) => ({ raw, index, result: anyEventSchema.safeParse(raw) }));
	const outcomes: EventOutcome[] = parsed.map(({ raw }) => ({
		id: typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '',
		status: 'rejected',
		reason: 'invalid'
	}));
	// In the order things happened, so a lesson done offline counts before the exam taken after it.
	const valid = parsed
		.filter((p) => p.result.success)
		.map((p) => ({ index: p.index, event: p.result.data as LearningEvent | InterestEventInput }))
		.sort((a, b) => a.event.clientAt.getTime() - b.event.clientAt.getTime());
	const touched = new Set<string>();
	for (const { index, event } of valid) {
		// Every event names the learner the phone made it for; on a shared phone that may not be who is signed in.
		if (event.userId !== user.id) {
			outcomes[index] = { id: event.id, status: 'rejected', reason: 'other_user' };
			continue;
		}
		const outcome =
			event.kind === 'interest'
				? recordInterest(user.id, event, now)
				: event.kind === 'exam_attempt'
					? recordExamAttempt(user.id, event, now)
					: recordEvent(user.id, event, now);
		if (outcome.status === 'rejected') {
			outcomes[index] = { id: event.id, status: 'rejected', reason: outcome.reason };
		} else {
			outcomes[index] = {
				id: event.id,
				status: outcome.status,
				...('attempt' in outcome ? { attempt: outcome.attempt } : {})
			};
			if (event.kind === 'lesson_completed' || event.kind === 'exam_attempt') touched.add(event.courseSlug);
		}
	}
	const certificates: string[] = [];
	for (const courseSlug of touched) {
		const number = await maybeIssueCertificate(user.id, courseSlug, origin, now);
		if (number) certificates.push(number);
	}
	return { outcomes, certificates };
}
