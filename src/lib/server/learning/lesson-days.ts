// The learning calendar's window: the learner state (sync/state.ts) counts the lessons a learner first completed on
// each day of the calendar's weeks, for the phone's calendar, weekly goal and milestones. Bounded, so the state
// stays small.
import { CALENDAR_WEEKS, chinaWeekStart } from '../../learning/weeks.ts';

const WEEK_MS = 7 * 24 * 3_600_000;

/** The start of the calendar's first week (China time): lessons before it are not in the learner state's days. */
export function calendarStart(now = new Date()): Date {
	return new Date(chinaWeekStart(now).getTime() - (CALENDAR_WEEKS - 1) * WEEK_MS);
}
