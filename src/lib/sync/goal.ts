// The weekly goal a learner picks ("3 lessons a week"), as an event of the sync protocol. It is not a learning
// event (no course, no lesson): the phone records it in the same outbox so that it reaches the server and the
// learner's other phones, and the latest choice wins. Plain TypeScript: the phone loads it (see protocol.ts).

export const GOAL_KIND = 'goal_set' as const;

/** Lessons a week a learner may choose: at least one, at most one a day. */
export const GOAL_LIMITS = { min: 1, max: 7 } as const;

export type GoalSetPayload = { lessonsPerWeek: number };

/** A learner chose (or changed) their weekly goal. */
export type GoalSetEvent = {
	id: string;
	userId: number;
	kind: typeof GOAL_KIND;
	/** ISO time on the phone when the learner chose; the latest choice wins (the server clamps the time). */
	clientAt: string;
	payload: GoalSetPayload;
	courseSlug?: undefined;
	lessonSlug?: undefined;
	contentVersion?: undefined;
};

/** The goal as the learner's state carries it. */
export type WeeklyGoal = { lessonsPerWeek: number; setAt: string };

export const isGoalChoice = (n: unknown): n is number =>
	typeof n === 'number' && Number.isInteger(n) && n >= GOAL_LIMITS.min && n <= GOAL_LIMITS.max;

/**
 * The goal that stands: the latest of the server's and any chosen on this phone and not yet sent (by time, then
 * by event id, the same order the server keeps), so a choice made offline shows at once.
 */
export function latestGoal(
	stored: WeeklyGoal | null | undefined,
	pending: readonly { kind: string; clientAt: string; id: string; payload?: unknown }[]
): WeeklyGoal | null {
	let goal = stored ?? null;
	for (const e of pending) {
		if (e.kind !== GOAL_KIND) continue;
		const lessonsPerWeek = (e.payload as GoalSetPayload | undefined)?.lessonsPerWeek;
		if (!isGoalChoice(lessonsPerWeek)) continue;
		if (!goal || Date.parse(e.clientAt) >= Date.parse(goal.setAt)) goal = { lessonsPerWeek, setAt: e.clientAt };
	}
	return goal;
}
