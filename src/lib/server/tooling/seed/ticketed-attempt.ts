// Seeds and tests take exams the way a phone does: open the exam (a real ticket from openExamTicket), answer the
// questions that ticket drew, and send the attempt as an event. Nothing here marks anything itself.
import type { Question } from '../../../content/format.js';
import { getCourse, getExam } from '../../content/index.ts';
import { openExamTicket, type IssuedTicket } from '../../learning/exam-tickets.ts';
import { ticketQuestions } from '../../quiz/draw.ts';
import { applyEvents } from '../../sync/apply.ts';

export interface TicketedAttempt {
	ticket: IssuedTicket;
	/** The ticket's questions with their key, in the attempt's order, for choosing answers. */
	questions: Question[];
	/** The event to send (add `id` and `clientAt`). */
	event: {
		userId: number;
		kind: 'exam_attempt';
		courseSlug: string;
		contentVersion: string;
		payload: { ticket: string; answers: Record<string, string[]> };
	};
}

/**
 * Opens the course's exam for a learner at `openedAt` (server time) and answers it with `choose`, called for each
 * drawn question with its position; null when no ticket is given (no exam, or today's tries are used up).
 */
export async function takeExam(
	userId: number,
	courseSlug: string,
	choose: (question: Question, index: number) => string[],
	openedAt = new Date()
): Promise<TicketedAttempt | null> {
	const opened = await openExamTicket(userId, courseSlug, openedAt);
	const exam = await getExam(courseSlug);
	if ('refused' in opened || !exam) return null;
	const { ticket } = opened;
	const questions = ticketQuestions(exam.questions, ticket.seed, ticket.questionIds);
	const answers = Object.fromEntries(questions.map((q, i) => [q.id, choose(q, i)]));
	return {
		ticket,
		questions,
		event: {
			userId,
			kind: 'exam_attempt',
			courseSlug,
			contentVersion: ticket.contentVersion,
			payload: { ticket: ticket.token, answers }
		}
	};
}

/** The right options of a question; `wrongOption` one wrong one. */
export const rightOptions = (q: Question) => q.options.filter((o) => o.correct).map((o) => o.id);
export const wrongOption = (q: Question) => [q.options.find((o) => !o.correct)!.id];

/**
 * A learner earns a course's certificate the way a phone would: every lesson done, then the exam passed, sent as
 * one batch. Resolves with the certificates the batch issued.
 */
export async function earnCertificate(learner: { id: number }, courseSlug: string, origin: string): Promise<string[]> {
	const course = (await getCourse(courseSlug))!;
	let n = 0;
	const base = { userId: learner.id, courseSlug, contentVersion: course.version, clientAt: new Date().toISOString() };
	const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
	const exam = (await takeExam(learner.id, courseSlug, rightOptions))!;
	const { certificates } = await applyEvents(
		learner,
		[
			...course.lessons.map((l) => ({ ...base, id: id(), kind: 'lesson_completed', lessonSlug: l.slug })),
			{ ...base, id: id(), ...exam.event }
		],
		origin
	);
	return certificates;
}
