// Who is signed in on this phone and what they have done: the one place every learner page reads a learner's
// progress, results and certificates from. Pages the service worker stores are the same for everyone, so none
// of this comes with them: the layout asks the server (GET /api/me, never stored) or, offline, the phone's
// last signed-in learner, and the outbox's code (loaded only for a learner) fills in the state it keeps per
// learner in IndexedDB and that learner's unsent events. Kept free of IndexedDB and the outbox so that every
// page may import it without weighing on a first visit.
import type { CourseRule } from '$lib/learning/rules';
import { courseStanding, lessonsDone, type CourseStanding } from '$lib/learning/standing';
import type { LearnerState, OutboxEvent } from './outbox.ts';

export { startedCourses } from '$lib/learning/standing';

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

/** The signed-in learner's standing in a course (reactive: read it in `$derived`). */
export const myStanding = (course: CourseRule & { slug: string }): CourseStanding =>
	courseStanding(course, learner.state, learner.pending);

/** The signed-in learner's lessons done in a course (reactive). */
export const myLessonsDone = (courseSlug: string): Set<string> =>
	lessonsDone(courseSlug, learner.state, learner.pending);
