// A learner's weeks as the phone shows them: lessons this week against the goal they chose, a calendar of the
// days they learned, and the weeks they met their goal. Weeks run Monday to Sunday in China time, wherever the
// phone's clock is set. Nothing here counts a missed day against anyone: it counts days learned and weeks met.
// Pure (the learner's state and unsent events in, numbers out), so the table tests and every page agree.
import { CHINA_OFFSET_MS, chinaIsoDay } from '../dates.ts';
import { latestGoal, type WeeklyGoal } from '../sync/goal.ts';
import type { LearnerState, SyncEvent } from '../sync/protocol.ts';

/** Weeks the calendar shows, and the server sends lesson days for (this one and the ones before). */
export const CALENDAR_WEEKS = 12;

const DAY_MS = 24 * 3_600_000;

/** Monday 00:00 China time of the week `at` falls in. */
export function chinaWeekStart(at: Date): Date {
	const day = Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS);
	// 1 January 1970 was a Thursday: three days after a Monday.
	const weekday = (day + 3) % 7;
	return new Date((day - weekday) * DAY_MS - CHINA_OFFSET_MS);
}

/** The China calendar days (YYYY-MM-DD) of the week starting at `weekStart`, Monday first. */
const daysOfWeek = (weekStart: Date): string[] =>
	Array.from({ length: 7 }, (_, i) => chinaIsoDay(new Date(weekStart.getTime() + i * DAY_MS)));

/**
 * Lessons first completed per China day: the server's count, plus lessons done on this phone and not yet sent
 * (only those the server does not already have, each lesson once).
 */
export function lessonDaysOf(state: LearnerState | null, pending: readonly SyncEvent[]): Map<string, number> {
	const days = new Map(Object.entries(state?.lessonDays ?? {}));
	const seen = new Set<string>();
	for (const e of pending) {
		if (e.kind !== 'lesson_completed') continue;
		const key = `${e.courseSlug}/${e.lessonSlug}`;
		if (seen.has(key) || state?.progress[e.courseSlug]?.includes(e.lessonSlug)) continue;
		seen.add(key);
		const day = chinaIsoDay(new Date(e.clientAt));
		days.set(day, (days.get(day) ?? 0) + 1);
	}
	return days;
}

export type CalendarDay = { day: string; lessons: number; future: boolean };
export type CalendarWeek = { start: string; days: CalendarDay[]; lessons: number; met: boolean; current: boolean };

/** The last `weeks` weeks, oldest first, each day with its lessons; `met` where the goal was reached. */
export function calendar(
	days: ReadonlyMap<string, number>,
	goal: WeeklyGoal | null,
	now = new Date(),
	weeks = CALENDAR_WEEKS
): CalendarWeek[] {
	const today = chinaIsoDay(now);
	const thisWeek = chinaWeekStart(now).getTime();
	return Array.from({ length: weeks }, (_, i) => {
		const start = new Date(thisWeek - (weeks - 1 - i) * 7 * DAY_MS);
		const list = daysOfWeek(start).map((day) => ({ day, lessons: days.get(day) ?? 0, future: day > today }));
		const lessons = list.reduce((sum, d) => sum + d.lessons, 0);
		return {
			start: list[0].day,
			days: list,
			lessons,
			met: !!goal && lessons >= goal.lessonsPerWeek,
			current: i === weeks - 1
		};
	});
}

export type WeekSummary = {
	goal: WeeklyGoal | null;
	/** Lessons done this week (China time, Monday on). */
	lessonsThisWeek: number;
	/** Days with at least one lesson in the calendar's weeks. */
	daysLearned: number;
	/** Weeks of the calendar in which the goal was reached (this week too, once reached). */
	weeksMet: number;
	weeks: CalendarWeek[];
};

/** Everything the goal and calendar show, from the learner's state and unsent events. */
export function weekSummary(state: LearnerState | null, pending: readonly SyncEvent[], now = new Date()): WeekSummary {
	const goal = latestGoal(state?.goal, pending);
	const weeks = calendar(lessonDaysOf(state, pending), goal, now);
	return {
		goal,
		lessonsThisWeek: weeks[weeks.length - 1].lessons,
		daysLearned: weeks.reduce((sum, w) => sum + w.days.filter((d) => d.lessons > 0).length, 0),
		weeksMet: weeks.filter((w) => w.met).length,
		weeks
	};
}
