// Who is signed in on this phone and what they have done: the one place every learner page reads a learner's
// progress, results and certificates from. Pages the service worker stores are the same for everyone, so none
// of this comes with them: the layout asks the server (GET /api/me, never stored) or, offline, the phone's
// last signed-in learner, and the outbox's code (loaded only for a learner) fills in the state it keeps per
// learner in IndexedDB and that learner's unsent events. Kept free of IndexedDB and the outbox so that every
// page may import it without weighing on a first visit.
import {
	attemptsLeft,
	certificateDue,
	chinaDayStart,
	examBlock,
	lessonsDoneCount,
	type CourseRule,
	type ExamBlock
} from '$lib/learning/rules';
import type { LearnerState, OutboxEvent } from './outbox.ts';

export type SessionUser = {
	id: number;
	name: string;
	role: 'learner' | 'trainer' | 'staff' | 'admin';
	username: string;
	village: string | null;
};

export type Learner = {
	/** The session was asked (or, offline, the phone's last learner looked up): `user` can be trusted. */
	checked: boolean;
	user: SessionUser | null;
	/** The answer comes from the phone's memory: there was no connection to ask the server. */
	offline: boolean;
	/** The last state the server sent for this learner. */
	state: LearnerState | null;
	/** This learner's events waiting in the outbox, oldest first. */
	pending: OutboxEvent[];
};

export const learner: Learner = $state({ checked: false, user: null, offline: false, state: null, pending: [] });

/** Sets who is signed in; anything known of another learner is dropped at once. */
export function setLearner(user: SessionUser | null, offline: boolean, state: LearnerState | null = null): void {
	if (learner.user?.id !== user?.id) Object.assign(learner, { state: null, pending: [] });
	Object.assign(learner, { checked: true, user, offline });
	if (state && state.userId === user?.id) learner.state = state;
}

/** Updates the progress of the learner signed in (the outbox calls it); ignored for anyone else. */
export function setProgress(userId: number, state: LearnerState | null, pending: OutboxEvent[]): void {
	if (learner.user?.id !== userId) return;
	if (state?.userId === userId) learner.state = state;
	learner.pending = pending;
}

export const signedInLearner = (): boolean => learner.user?.role === 'learner';

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

/** The signed-in learner's standing in a course (reactive: read it in `$derived`). */
export const myStanding = (course: CourseRule & { slug: string }): CourseStanding =>
	courseStanding(course, learner.state, learner.pending);

/** The signed-in learner's lessons done in a course (reactive). */
export const myLessonsDone = (courseSlug: string): Set<string> =>
	lessonsDone(courseSlug, learner.state, learner.pending);
