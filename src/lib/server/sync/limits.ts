import { eq, sql, type SQL } from 'drizzle-orm';
import { prepare, prepared, type Executor, type Tx } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';
import { chinaDayStart } from '../learning/exam-tickets.ts';
import { dbTime, timeSql } from '../db/dialect.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** One counter to take from: `amount` more in the window [start, end), unless that would pass `limit`. */
interface Counter {
	key: string;
	amount: number;
	limit: number;
	start: Date;
	end: Date;
}

const p = (name: string) => sql.placeholder(name);
const integer = (value: unknown) => sql`cast(${value} as integer)`;

/** A new row for a counter: counted when it fits, blocked until its window ends when it cannot. */
const newRow = (n: number) => ({
	key: p(`key${n}`),
	failures: sql`${p(`firstCount${n}`)}`,
	blockedUntil: timeSql(p(`firstBlockedUntilMs${n}`)),
	updatedAt: timeSql(p(`windowStartMs${n}`))
});

/**
 * The counter's statement for `n` counters (one or two) in one upsert. The row being inserted (`excluded`) carries
 * its window's start; what else differs between the counters is chosen by key.
 */
function counterStatement(database: Executor, n: 1 | 2, name: string) {
	const byKey = (field: string, cast: (value: unknown) => SQL) =>
		n === 1
			? cast(p(`${field}1`))
			: sql`case when excluded.key = ${p('key1')} then ${cast(p(`${field}1`))} else ${cast(p(`${field}2`))} end`;
	const amount = byKey('amount', integer);
	const limit = byKey('limit', integer);
	// The count in the row as it stands: a row of an earlier window counts as 0.
	const current = sql`(case when ${rateLimits.updatedAt} < excluded.updated_at then 0 else ${rateLimits.failures} end)`;
	const fits = sql`${current} + ${amount} <= ${limit}`;
	return prepare(
		database
			.insert(rateLimits)
			.values(n === 1 ? [newRow(1)] : [newRow(1), newRow(2)])
			.onConflictDoUpdate({
				target: rateLimits.key,
				// SQLite reads every expression here from the row as it was before this update.
				set: {
					failures: sql`case when ${fits} then ${current} + ${amount} else ${current} end`,
					blockedUntil: sql`case when ${fits} then null else ${byKey('windowEndMs', timeSql)} end`,
					updatedAt: sql`excluded.updated_at`
				}
			})
			.returning({ key: rateLimits.key, blockedUntil: rateLimits.blockedUntil }),
		name
	);
}

// Run with every sync request: prepared once per connection (see `prepared`). Times are given in milliseconds, as
// stored (a placeholder's value would otherwise go through the column's encoder, which takes a Date and no null).
const statements = prepared((database) => ({
	one: counterStatement(database, 1, 'sync/limits.counter'),
	two: counterStatement(database, 2, 'sync/limits.counters'),
	giveBack: prepare(
		database
			.update(rateLimits)
			.set({ failures: sql`${rateLimits.failures} - ${integer(p('amount'))}` })
			.where(eq(rateLimits.key, p('key'))),
		'sync/limits.giveBack'
	)
}));

const valuesOf = (counter: Counter, n: number) => {
	const fits = counter.amount <= counter.limit;
	return {
		[`key${n}`]: counter.key,
		[`amount${n}`]: counter.amount,
		[`limit${n}`]: counter.limit,
		[`firstCount${n}`]: fits ? counter.amount : 0,
		[`firstBlockedUntilMs${n}`]: fits ? null : dbTime(counter.end),
		[`windowStartMs${n}`]: dbTime(counter.start),
		[`windowEndMs${n}`]: dbTime(counter.end)
	};
};

/**
 * Adds each counter's `amount`, unless that would pass its `limit`; then that counter stays as it is and the caller
 * learns when its window ends. Counters are taken in order: one refused gives back what the later ones took, so a
 * refused request costs nothing else. Kept in `rate_limits` (`failures` holds the count, `updated_at` the start of
 * the window it counts) so restarts and several processes agree, and done in one statement so that concurrent
 * requests cannot lose each other's counts (two counters in one: on PostgreSQL every statement is a round trip).
 * One row per key: it is reused by the next window rather than piling up.
 */
async function take(
	tx: Tx,
	counters: [Counter] | [Counter, Counter],
	now: Date
): Promise<{ refused: null } | { refused: number; retryAfterSeconds: number }> {
	const run = statements(tx);
	const rows =
		counters.length === 1
			? await run.one.execute(valuesOf(counters[0], 1))
			: await run.two.execute({ ...valuesOf(counters[0], 1), ...valuesOf(counters[1], 2) });
	const blocked = new Set(rows.filter((row) => row.blockedUntil).map((row) => row.key));
	const refused = counters.findIndex((counter) => blocked.has(counter.key));
	if (refused === -1) return { refused: null };
	// The counters after the refused one were taken in the same statement: they give back what they took.
	for (const counter of counters.slice(refused + 1))
		if (!blocked.has(counter.key)) await run.giveBack.execute({ key: counter.key, amount: counter.amount });
	const end = counters[refused].end.getTime();
	return { refused, retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)) };
}

export type SyncAllowance =
	{ allowed: true } | { allowed: false; refused: 'rate_limited' | 'quota_exceeded'; retryAfterSeconds: number };

/**
 * Counts a request of a learner to `/api/sync` against their requests per minute and, when the minute allows it,
 * its `count` events against their events per day (a China calendar day). A batch that would pass the quota is
 * refused whole and counts nothing of the day: its events wait on the phone until the next day. A request refused
 * for the minute counts nothing of the day either.
 */
export async function takeSync(
	tx: Tx,
	userId: number,
	count: number,
	limits: { perMinute: number; perDay: number },
	now = new Date()
): Promise<SyncAllowance> {
	const minuteStart = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
	const minute: Counter = {
		key: `sync-minute:${userId}`,
		amount: 1,
		limit: limits.perMinute,
		start: minuteStart,
		end: new Date(minuteStart.getTime() + MINUTE_MS)
	};
	const dayStart = chinaDayStart(now);
	const day: Counter = {
		key: `sync-day:${userId}`,
		amount: count,
		limit: limits.perDay,
		start: dayStart,
		end: new Date(dayStart.getTime() + DAY_MS)
	};
	// A request without events counts against the minute only.
	const taken = await take(tx, count === 0 ? [minute] : [minute, day], now);
	if (taken.refused === null) return { allowed: true };
	return {
		allowed: false,
		refused: taken.refused === 0 ? 'rate_limited' : 'quota_exceeded',
		retryAfterSeconds: taken.retryAfterSeconds
	};
}
