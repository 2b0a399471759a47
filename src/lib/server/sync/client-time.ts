// When did it happen? The phone says (clientAt), but its clock may be wrong or set on purpose. Every event's
// time is kept within what can be true: not before the account existed, not longer before its arrival than a
// phone may stay offline (the offline window), and never later than its arrival.

import { config } from '../config.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClientTimeBounds {
	/** When the event reached the server (the server's clock). */
	arrivedAt: Date;
	/** When the learner's account was made: nothing they did can be older. */
	accountCreatedAt: Date;
	/** Days a phone may hold events offline (config `examOfflineWindowDays`). */
	offlineWindowDays: number;
}

/** The earliest time an event arriving now may claim. */
export function earliestClientTime({ arrivedAt, accountCreatedAt, offlineWindowDays }: ClientTimeBounds): Date {
	return new Date(Math.max(accountCreatedAt.getTime(), arrivedAt.getTime() - offlineWindowDays * DAY_MS));
}

/**
 * The phone's time of an event, moved into [earliest, arrival]: a date from 2001 becomes the start of the window,
 * a date from the future becomes the arrival. Honest offline use (days, not months) is left as it was.
 */
export function clampClientTime(clientAt: Date, bounds: ClientTimeBounds): Date {
	const earliest = earliestClientTime(bounds).getTime();
	const latest = Math.max(earliest, bounds.arrivedAt.getTime());
	const at = Number.isNaN(clientAt.getTime()) ? latest : clientAt.getTime();
	return new Date(Math.min(latest, Math.max(earliest, at)));
}

/**
 * The bounds for the events of a learner arriving now: their account's age (lockLearner reads it with the batch's
 * lock; null when unknown, then nothing before the arrival is allowed) and the configured window.
 */
export function clientTimeBounds(accountCreatedAt: Date | null, arrivedAt: Date): ClientTimeBounds {
	return {
		arrivedAt,
		accountCreatedAt: accountCreatedAt ?? arrivedAt,
		offlineWindowDays: config().examOfflineWindowDays
	};
}
