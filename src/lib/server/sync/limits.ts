import { sql } from 'drizzle-orm';
import { prepare, prepared, type Tx } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';
import { chinaDayStart } from '../learning/exam-tickets.ts';
import { dbTime, first, timeSql } from '../db/dialect.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export type Allowance = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// The count in the row as it stands: a row of an earlier window counts as 0.
const current = sql`(case when ${rateLimits.updatedAt} < ${timeSql(sql.placeholder('windowStartMs'))} then 0 else ${rateLimits.failures} end)`;
const fitsWith = sql`${current} + ${sql.placeholder('amount')} <= ${sql.placeholder('limit')}`;

// Run with every sync request: prepared once per connection (see `prepared`). Times are given in milliseconds, as
// stored (a placeholder's value would otherwise go through the column's encoder, which takes a Date and no null).
const counter = prepared((database) =>
	prepare(
		database
			.insert(rateLimits)
			.values({
				key: sql.placeholder('key'),
				failures: sql`${sql.placeholder('firstCount')}`,
				blockedUntil: timeSql(sql.placeholder('firstBlockedUntilMs')),
				updatedAt: timeSql(sql.placeholder('windowStartMs'))
			})
			.onConflictDoUpdate({
				target: rateLimits.key,
				// SQLite reads every expression here from the row as it was before this update.
				set: {
					failures: sql`case when ${fitsWith} then ${current} + ${sql.placeholder('amount')} else ${current} end`,
					blockedUntil: sql`case when ${fitsWith} then null else ${timeSql(sql.placeholder('windowEndMs'))} end`,
					updatedAt: timeSql(sql.placeholder('windowStartMs'))
				}
			})
			.returning({ blockedUntil: rateLimits.blockedUntil }),
		'sync/limits.counter'
	)
);

/**
 * Adds `amount` to a counter that starts again with each window, unless that would pass `limit`; then the
 * counter stays as it is and the caller learns when the window ends. Kept in `rate_limits` (`failures` holds
 * the count, `updated_at` the start of the window it counts) so restarts and several processes agree, and
 * done in one statement so that concurrent requests cannot lose each other's counts. One row per key: it is
 * reused by the next window rather than piling up.
 */
async function take(
	tx: Tx,
	key: string,
	amount: number,
	limit: number,
	windowStart: Date,
	windowEnd: Date,
	now: Date
): Promise<Allowance> {
	const fits = amount <= limit;
	const row = (await first(
		counter(tx).execute({
			key,
			amount,
			limit,
			firstCount: fits ? amount : 0,
			firstBlockedUntilMs: fits ? null : dbTime(windowEnd),
			windowStartMs: dbTime(windowStart),
			windowEndMs: dbTime(windowEnd)
		})
	))!;
	if (!row.blockedUntil) return { allowed: true };
	return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd.getTime() - now.getTime()) / 1000)) };
}

/** Counts one request of a learner to `/api/sync` against their requests per minute. */
export async function takeSyncRequest(tx: Tx, userId: number, perMinute: number, now = new Date()): Promise<Allowance> {
	const start = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
	return await take(tx, `sync-minute:${userId}`, 1, perMinute, start, new Date(start.getTime() + MINUTE_MS), now);
}

/**
 * Counts a batch's events against the learner's events per day (a China calendar day). A batch that would pass
 * the quota is refused whole and counts nothing: its events wait on the phone until the next day.
 */
export async function takeSyncEvents(
	tx: Tx,
	userId: number,
	count: number,
	perDay: number,
	now = new Date()
): Promise<Allowance> {
	if (count === 0) return { allowed: true };
	const start = chinaDayStart(now);
	return await take(tx, `sync-day:${userId}`, count, perDay, start, new Date(start.getTime() + DAY_MS), now);
}
