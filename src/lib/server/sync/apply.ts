import { z } from 'zod';
import type { SessionUser } from '../auth/session.ts';
import { maybeIssueCertificate } from '../certificates/issue.ts';
import { lockLearner } from '../db/dialect.ts';
import { writeTransaction, type Tx, type WriteRunner } from '../db/index.ts';
import { recordExamAttempt, type AttemptResult } from '../learning/exam-attempts.ts';
import { coursesPassed, noteActivity, type PassedCourses } from '../learning/summary.ts';
import type { RejectionReason } from '../../sync/protocol.ts';
import { clientTimeBounds, type ClientTimeBounds } from './client-time.ts';
import { eventSchema, recordEvents, type LearningEvent } from './events.ts';
import { goalSetEvent, recordGoal, type GoalEvent } from './goal.ts';
import { interestEventSchema, recordInterest, type InterestEventInput } from '../opportunities/interest.ts';

// Every kind the outbox sends: learning in a course, a weekly goal, interest in an opportunity (each its own module).
const syncEventSchema = z.union([eventSchema, goalSetEvent, interestEventSchema]);

export type EventOutcome =
	| { id: string; status: 'applied' | 'duplicate'; attempt?: AttemptResult }
	| { id: string; status: 'rejected'; reason: RejectionReason };

/**
 * Applies a learner's events in the order they happened: each one at most once (its UUID), exams marked on
 * the server, and a certificate issued as soon as a course's rule is met. The same path serves the forms
 * (one event) and the offline outbox (a batch), so both count things the same way.
 *
 * The batch is one write transaction (immediate: it waits its turn for the write lock rather than failing when
 * another process writes too). Each event is still answered on its own: every refusal is decided before that
 * event writes anything, so a refused event leaves nothing behind and the others are kept. An error that is
 * not a refusal undoes the whole batch, and the phone sends it again. The learner's last activity is written
 * once, with the batch's latest time; a resent batch writes nothing. Certificates are signed after the commit.
 */
export async function applyEvents(
	user: Pick<SessionUser, 'id'>,
	events: unknown[],
	origin: string,
	now = new Date()
): Promise<{ outcomes: EventOutcome[]; certificates: string[] }> {
	// Nothing to admit: never refused.
	const { outcomes, certificates } = (await applyEventsIf<never>(user, events, origin, null, now)) as Applied;
	return { outcomes, certificates };
}

type Applied = { refused: null; outcomes: EventOutcome[]; certificates: string[] };

/**
 * applyEvents, with a last word given to `admit` in the batch's own write transaction, before any event: what it
 * writes (the sync rate counters) and the batch commit together, and a refusal it returns leaves the events
 * unapplied. One write transaction per batch instead of three: with several processes, each write transaction
 * is a turn at the write lock, and the other processes' caches are emptied by every one of them. `write` runs the
 * transaction: the batch's own by default; the outbox's endpoint shares one among the batches waiting together.
 */
export async function applyEventsIf<R>(
	user: Pick<SessionUser, 'id'>,
	events: unknown[],
	origin: string,
	admit: ((tx: Tx) => Promise<R | null>) | null,
	now = new Date(),
	write: WriteRunner = (work) => writeTransaction(work)
): Promise<{ refused: R } | Applied> {
	const parsed = events.map((raw, index) => ({ raw, index, result: syncEventSchema.safeParse(raw) }));
	const outcomes: EventOutcome[] = parsed.map(({ raw }) => ({
		id: typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '',
		status: 'rejected',
		reason: 'invalid'
	}));
	// In the order things happened, so a lesson done offline counts before the exam taken after it.
	const valid = parsed
		.filter((p) => p.result.success)
		.map((p) => ({ index: p.index, event: p.result.data as LearningEvent | GoalEvent | InterestEventInput }))
		.sort((a, b) => a.event.clientAt.getTime() - b.event.clientAt.getTime());
	const touched = new Set<string>();
	// What the summary said in the transaction, of the courses it changed: whether the learner has passed the exam.
	const passedCourses: PassedCourses = new Map();
	// Every event names the learner the phone made it for; on a shared phone that may not be who is signed in.
	const own = valid.filter(({ index, event }) => {
		if (event.userId === user.id) return true;
		outcomes[index] = { id: event.id, status: 'rejected', reason: 'other_user' };
		return false;
	});
	/** The learner's own events, in one transaction: each answered on its own (see applyEvents). */
	const applyOwn = async (tx: Tx, bounds: ClientTimeBounds) => {
		let latest: Date | null = null;
		// Lessons, practice answers and feedback that came one after another are recorded together (recordEvents);
		// an exam, a goal or an interest between them is recorded in its turn, so order still holds.
		let run: { index: number; event: LearningEvent }[] = [];
		const recordRun = async () => {
			if (run.length === 0) return;
			const answers = await recordEvents(
				tx,
				user.id,
				run.map(({ event }) => event),
				now,
				bounds,
				passedCourses
			);
			for (const [i, { index, event }] of run.entries()) {
				const outcome = answers[i];
				if (outcome.status === 'rejected') {
					outcomes[index] = { id: event.id, status: 'rejected', reason: outcome.reason };
					continue;
				}
				outcomes[index] = { id: event.id, status: outcome.status };
				// What a learner thinks of a course is not learning: neither activity nor a step towards a certificate.
				if (event.kind === 'rating' || event.kind === 'not_understood') continue;
				if (outcome.status === 'applied') latest = later(latest, outcome.at);
				if (event.kind !== 'practice_answer') touched.add(event.courseSlug);
			}
			run = [];
		};
		for (const { index, event } of own) {
			if (event.kind !== 'goal_set' && event.kind !== 'interest' && event.kind !== 'exam_attempt') {
				run.push({ index, event });
				continue;
			}
			await recordRun();
			if (event.kind === 'goal_set') {
				outcomes[index] = { id: event.id, ...(await recordGoal(tx, user.id, event, now, bounds)) };
				continue;
			}
			if (event.kind === 'interest') {
				const outcome = await recordInterest(tx, user.id, event, now, bounds);
				outcomes[index] =
					outcome.status === 'rejected'
						? { id: event.id, status: 'rejected', reason: outcome.reason }
						: { id: event.id, status: outcome.status };
				continue;
			}
			const outcome = await recordExamAttempt(tx, user.id, event, now, bounds, passedCourses);
			if (outcome.status === 'rejected') {
				outcomes[index] = { id: event.id, status: 'rejected', reason: outcome.reason };
				continue;
			}
			outcomes[index] = { id: event.id, status: outcome.status, attempt: outcome.attempt };
			if (outcome.status === 'applied') latest = later(latest, outcome.attempt.submittedAt);
			touched.add(event.courseSlug);
		}
		await recordRun();
		if (latest) await noteActivity(tx, user.id, latest);
	};
	// Without events of its own and nothing to admit, the batch needs no transaction at all.
	const refused =
		own.length === 0 && !admit
			? null
			: await write(async (tx) => {
					// A learner's batches are applied one after another, whichever server takes them (see lockLearner).
					// It also says when the account was made: no event of the learner's can be older. The counters are
					// asked with it (on PostgreSQL in the same pipeline, after the lock).
					const [{ accountCreatedAt }, admitted] = await Promise.all([lockLearner(tx, user.id), admit?.(tx)]);
					const refusal = admitted ?? null;
					if (refusal === null && own.length > 0) await applyOwn(tx, clientTimeBounds(accountCreatedAt, now));
					return refusal;
				});
	if (refused !== null) return { refused };
	const certificates: string[] = [];
	// A certificate needs a passed exam: the courses without one need no more. The summary said so in the batch's
	// transaction of the courses it changed; of the others (a resend, a lesson done before) it is asked in one question.
	const unknown = [...touched].filter((courseSlug) => !passedCourses.has(courseSlug));
	const passedBefore = unknown.length > 0 ? await coursesPassed(user.id) : new Set<string>();
	for (const courseSlug of touched) {
		if (!(passedCourses.get(courseSlug) ?? passedBefore.has(courseSlug))) continue;
		const number = await maybeIssueCertificate(user.id, courseSlug, origin, now, write);
		if (number) certificates.push(number);
	}
	return { refused: null, outcomes, certificates };
}

const later = (a: Date | null, b: Date) => (a && a.getTime() >= b.getTime() ? a : b);
