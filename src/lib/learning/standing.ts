// Where a learner stands in each course as the phone sees it: the server's last word (the state /api/sync and
// /api/me send) merged with the learner's events still in the outbox, decided by the shared rules. Pure, so the
// pages, the progress store and the tests agree.
import {
	attemptsLeft,
	certificateDue,
	chinaDayStart,
	examBlock,
	lessonsDoneCount,
	type CourseRule,
	type ExamBlock
} from './rules.ts';
import type { LearnerState, OutboxEvent } from '../offline/outbox.ts';

export type Attempt = { id: string; score: number; passed: boolean; submittedAt: string };

export type CourseStanding = {
	done: Set<string>;
	doneCount: number;
	/** Why the exam cannot be started now, or null when it can. */
	examBlock: ExamBlock | null;
	attemptsLeft: number;
	/** Graded attempts, newest first. */
	attempts: Attempt[];
	/** An attempt handed in on this phone and not yet marked. */
	examPending: boolean;
	certificate: { number: string; revoked: boolean } | null;
	/** Passed with the lessons done, and the certificate not here yet (the server issues it when it hears). */
	certificateWaiting: boolean;
};

/**
 * One learner's standing in one course: the server's last word merged with the events still on the phone,
 * decided by the shared rules. Pure, so that it is tested as a table.
 */
export function courseStanding(
	course: CourseRule & { slug: string },
	state: LearnerState | null,
	pending: readonly OutboxEvent[],
	now = new Date()
): CourseStanding {
	const done = lessonsDone(course.slug, state, pending);
	const dayStart = chinaDayStart(now).getTime();
	const attempts = (state?.attempts ?? [])
		.filter((a) => a.courseSlug === course.slug)
		.map(({ id, score, passed, submittedAt }) => ({ id, score, passed, submittedAt }))
		.sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt));
	const waiting = pending.filter((e) => e.kind === 'exam_attempt' && e.courseSlug === course.slug);
	const attemptsToday =
		attempts.filter((a) => Date.parse(a.submittedAt) >= dayStart).length +
		waiting.filter((e) => Date.parse(e.clientAt) >= dayStart).length;
	const issued = state?.certificates.find((c) => c.courseSlug === course.slug);
	const certificate = issued ? { number: issued.number, revoked: !!issued.revokedAt } : null;
	return {
		done,
		doneCount: lessonsDoneCount(course, done),
		examBlock: examBlock(course, { lessonsDone: done, attemptsToday }),
		attemptsLeft: attemptsLeft(course, attemptsToday),
		attempts,
		examPending: waiting.length > 0,
		certificate,
		certificateWaiting:
			!certificate && certificateDue(course, { lessonsDone: done, passed: attempts.some((a) => a.passed) })
	};
}

/** Lessons of a course done: on the server, or on this phone and not yet sent. */
export function lessonsDone(
	courseSlug: string,
	state: LearnerState | null,
	pending: readonly OutboxEvent[]
): Set<string> {
	const done = new Set(state?.progress[courseSlug] ?? []);
	for (const e of pending) {
		if (e.kind === 'lesson_completed' && e.courseSlug === courseSlug && e.lessonSlug) done.add(e.lessonSlug);
	}
	return done;
}

/** The courses a learner has started (a lesson done anywhere), with the lessons done in each. */
export function startedCourses(state: LearnerState | null, pending: readonly OutboxEvent[]): Map<string, Set<string>> {
	const slugs = new Set([
		...Object.keys(state?.progress ?? {}),
		...pending.filter((e) => e.kind === 'lesson_completed').map((e) => e.courseSlug)
	]);
	return new Map([...slugs].map((slug) => [slug, lessonsDone(slug, state, pending)]));
}
