import { and, count, desc, eq, gte } from 'drizzle-orm';
import { getCourse } from '../content/index.ts';
import { db } from '../db/index.ts';
import { examAttempts, learningEvents } from '../db/schema.ts';
import { completedLessons } from '../learning/progress.ts';
import { noteActivity, noteExamAttempt } from '../learning/summary.ts';
import { isResend, type LearningEvent } from '../sync/events.ts';
import { examAttemptPayload } from '../sync/payloads.ts';
import { gradeExam } from './grade.ts';
import { examKey } from './versions.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
// Townships keep China time all year (no daylight saving), so "per day" means per calendar day in UTC+8.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Midnight (China time) at the start of the day that `at` falls in. */
export function chinaDayStart(at: Date): Date {
	return new Date(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS);
}

export interface AttemptResult {
	eventId: string;
	score: number;
	passed: boolean;
	review: string[];
	submittedAt: Date;
}

export type AttemptRefusal = 'lessons_not_done' | 'too_many_attempts' | 'unknown_version' | 'no_exam' | 'invalid';

/** Where a learner stands before an exam: may they start, and how many tries are left today. */
export function examStatus(userId: number, courseSlug: string, now = new Date()) {
	const course = getCourse(courseSlug);
	if (!course) return null;
	const done = completedLessons(userId, courseSlug);
	const lessonsDone = course.lessons.filter((l) => done.has(l.slug)).length;
	const today = attemptsSince(userId, courseSlug, chinaDayStart(now));
	const lessonsOk = !course.requireAllLessons || lessonsDone === course.lessons.length;
	const attemptsLeft = Math.max(0, course.examAttemptsPerDay - today);
	return {
		lessonsDone,
		lessonsTotal: course.lessons.length,
		attemptsPerDay: course.examAttemptsPerDay,
		attemptsLeft,
		canStart: course.hasExam && lessonsOk && attemptsLeft > 0,
		blockedBy: !course.hasExam
			? 'no_exam'
			: !lessonsOk
				? 'lessons_not_done'
				: attemptsLeft === 0
					? 'too_many_attempts'
					: null
	} as const;
}

function attemptsSince(userId: number, courseSlug: string, since: Date): number {
	return db
		.select({ n: count() })
		.from(examAttempts)
		.where(
			and(
				eq(examAttempts.userId, userId),
				eq(examAttempts.courseSlug, courseSlug),
				gte(examAttempts.submittedAt, since)
			)
		)
		.get()!.n;
}

/** A learner's graded attempts at a course's exam, newest first. */
export function listAttempts(userId: number, courseSlug: string): AttemptResult[] {
	return db
		.select({
			eventId: examAttempts.eventId,
			score: examAttempts.score,
			passed: examAttempts.passed,
			review: examAttempts.review,
			submittedAt: examAttempts.submittedAt
		})
		.from(examAttempts)
		.where(and(eq(examAttempts.userId, userId), eq(examAttempts.courseSlug, courseSlug)))
		.orderBy(desc(examAttempts.submittedAt))
		.all();
}

/** One graded attempt of this learner, or null. */
export function getAttempt(userId: number, eventId: string): (AttemptResult & { courseSlug: string }) | null {
	return (
		db
			.select({
				eventId: examAttempts.eventId,
				courseSlug: examAttempts.courseSlug,
				score: examAttempts.score,
				passed: examAttempts.passed,
				review: examAttempts.review,
				submittedAt: examAttempts.submittedAt
			})
			.from(examAttempts)
			.where(and(eq(examAttempts.userId, userId), eq(examAttempts.eventId, eventId)))
			.get() ?? null
	);
}

/**
 * Marks an exam attempt on the server against the key of the version it was taken on, once per event id:
 * a resubmitted attempt returns its first result. Rules of the course (lessons first, attempts per day)
 * are checked when the attempt is first seen; the day is the day it was taken (its clientAt, which may
 * not be later than its arrival).
 */
export function recordExamAttempt(
	userId: number,
	event: LearningEvent,
	now = new Date()
):
	| { status: 'applied' | 'duplicate'; attempt: AttemptResult }
	| { status: 'rejected'; reason: AttemptRefusal | 'id_conflict' } {
	const payload = examAttemptPayload.safeParse(event.payload);
	if (!payload.success) return { status: 'rejected', reason: 'invalid' };
	const course = getCourse(event.courseSlug);
	if (!course?.hasExam) return { status: 'rejected', reason: 'no_exam' };
	const takenAt = new Date(Math.min(event.clientAt.getTime(), now.getTime()));

	return db.transaction((tx) => {
		const existing = tx
			.select({
				userId: learningEvents.userId,
				kind: learningEvents.kind,
				courseSlug: learningEvents.courseSlug,
				lessonSlug: learningEvents.lessonSlug
			})
			.from(learningEvents)
			.where(eq(learningEvents.id, event.id))
			.get();
		if (existing) {
			// An id already taken by another learner's event or by another kind of event is not this attempt.
			const attempt = isResend(existing, userId, event) ? getAttempt(userId, event.id) : null;
			if (!attempt) return { status: 'rejected' as const, reason: 'id_conflict' as const };
			return { status: 'duplicate' as const, attempt };
		}
		const key = examKey(event.courseSlug, event.contentVersion);
		if (!key) return { status: 'rejected' as const, reason: 'unknown_version' as const };
		if (course.requireAllLessons) {
			const done = completedLessons(userId, course.slug);
			if (course.lessons.some((l) => !done.has(l.slug)))
				return { status: 'rejected' as const, reason: 'lessons_not_done' as const };
		}
		if (attemptsSince(userId, course.slug, chinaDayStart(takenAt)) >= course.examAttemptsPerDay) {
			return { status: 'rejected' as const, reason: 'too_many_attempts' as const };
		}
		const graded = gradeExam(key.questions, payload.data.answers, key.passMark);
		tx.insert(learningEvents)
			.values({
				id: event.id,
				userId,
				kind: 'exam_attempt',
				courseSlug: course.slug,
				lessonSlug: null,
				contentVersion: event.contentVersion,
				payload: { seed: payload.data.seed, answers: payload.data.answers },
				clientAt: takenAt,
				receivedAt: now
			})
			.run();
		tx.insert(examAttempts)
			.values({
				eventId: event.id,
				userId,
				courseSlug: course.slug,
				contentVersion: event.contentVersion,
				seed: payload.data.seed,
				answers: payload.data.answers,
				score: graded.score,
				passed: graded.passed,
				review: graded.review,
				startedAt: payload.data.startedAt ?? null,
				submittedAt: takenAt,
				gradedAt: now
			})
			.run();
		noteActivity(tx, userId, takenAt);
		noteExamAttempt(tx, userId, course.slug, { score: graded.score, passed: graded.passed, at: takenAt });
		return {
			status: 'applied' as const,
			attempt: {
				eventId: event.id,
				score: graded.score,
				passed: graded.passed,
				review: graded.review,
				submittedAt: takenAt
			}
		};
	});
}
