// One transaction per batch (issue 14): each event still answered on its own, resends free, the learner's
// activity written once, and two processes writing one database file at once without "database is locked".
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { examAttempts, learningEvents, lessonCompletions, townships, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { takeExam, wrongOption } from '../tooling/seed/ticketed-attempt.ts';
import { applyEvents } from './apply.ts';
import { first, rawRows, rawRun } from '../db/dialect.ts';
import { engineOf } from '../db/index.ts';

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';
const NOW = new Date('2026-11-20T12:00:00Z');
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learner: { id: number };

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001'))))!;
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z'), lastActiveAt: null });
});
afterEach(() => env.cleanup());

const course = async () => (await getCourse(COURSE))!;
const minutesBefore = (n: number, now = NOW) => new Date(now.getTime() - n * 60_000).toISOString();
const lesson = async (userId: number, slug: string, minutes: number, now = NOW) => ({
	id: randomUUID(),
	userId,
	kind: 'lesson_completed',
	courseSlug: COURSE,
	lessonSlug: slug,
	contentVersion: (await course()).version,
	clientAt: minutesBefore(minutes, now)
});
const practice = async (userId: number, minutes: number, now = NOW) => ({
	...(await lesson(userId, (await course()).lessons[0].slug, minutes, now)),
	kind: 'practice_answer',
	payload: { questionId: 'q1', chosen: ['a'], correct: true }
});
/** A phone's evening batch: every lesson, practice answers, then one (failed) exam attempt on a real ticket. */
async function eveningBatch(userId: number, now = NOW, size = 50) {
	const lessons = await Promise.all((await course()).lessons.map((l, i) => lesson(userId, l.slug, 50 - i, now)));
	const answers = await Promise.all(
		Array.from({ length: size - 1 - lessons.length }, (_, i) => practice(userId, 40 - i * 0.1, now))
	);
	const exam = await takeExam(userId, COURSE, wrongOption, new Date(now.getTime() - 30 * 60_000));
	if (!exam) throw new Error('no ticket');
	return [...lessons, ...answers, { ...exam.event, id: randomUUID(), clientAt: minutesBefore(5, now) }];
}
/**
 * A number that grows with every row written: SQLite's count of changes on the connection; on PostgreSQL the
 * newest row version's transaction id over every table (an insert or an update makes a newer one).
 */
async function writeMark(): Promise<number> {
	if (engineOf(env.db) === 'sqlite')
		return env.db.$client.prepare('select total_changes() as n').pluck().get() as number;
	const tables = await rawRows<{ name: string }>(
		env.db,
		sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`
	);
	const newest = sql.join(
		tables.map((t) => sql`select max(xmin::text::bigint) as x from ${sql.identifier(t.name)}`),
		sql` union all `
	);
	return Number((await rawRows<{ x: string }>(env.db, sql`select max(x) as x from (${newest}) as per_table`))[0].x);
}
const rowCount = async (table: typeof learningEvents | typeof lessonCompletions | typeof examAttempts) =>
	(await first(env.db.select({ n: count() }).from(table).limit(1)))!.n;

describe('a batch is one transaction, answered event by event', () => {
	it('refuses the bad events of a batch and keeps every good one', async () => {
		const lessons = await Promise.all((await course()).lessons.map((l, i) => lesson(learner.id, l.slug, 50 - i)));
		const taken = await lesson(learner.id, (await course()).lessons[0].slug, 45);
		await applyEvents(learner, [taken], ORIGIN, NOW);
		const exam = (await takeExam(learner.id, COURSE, wrongOption, new Date(NOW.getTime() - 30 * 60_000)))!;
		const batch = [
			lessons[0],
			{ ...(await lesson(learner.id, 'no-such-lesson', 44)) },
			lessons[1],
			// An id already used by another event: refused after the database was asked, mid-batch.
			{ ...(await practice(learner.id, 43)), id: taken.id },
			{ ...lessons[2], id: randomUUID(), userId: learner.id + 1 },
			{ id: randomUUID(), kind: 'lesson_completed' },
			...lessons.slice(2),
			{
				...exam.event,
				id: randomUUID(),
				clientAt: minutesBefore(5),
				payload: { ...exam.event.payload, ticket: 'x.y' }
			},
			{ ...exam.event, id: randomUUID(), clientAt: minutesBefore(4) },
			await practice(learner.id, 3)
		];
		const { outcomes } = await applyEvents(learner, batch, ORIGIN, NOW);
		expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual([
			'applied',
			'unknown_lesson',
			'applied',
			'id_conflict',
			'other_user',
			'invalid',
			...lessons.slice(2).map(() => 'applied'),
			'bad_ticket',
			'applied',
			'applied'
		]);
		expect(outcomes.map((o) => o.id)).toEqual(batch.map((e) => e.id));
		// The first lesson (sent before), every lesson of the batch, the graded attempt and the practice answer.
		expect(await rowCount(learningEvents)).toBe(1 + lessons.length + 2);
		expect(await rowCount(lessonCompletions)).toBe(lessons.length);
		expect(await rowCount(examAttempts)).toBe(1);
		const stored = await env.db.select({ id: learningEvents.id, kind: learningEvents.kind }).from(learningEvents);
		for (const refused of [batch[1], batch[4], batch.at(-3)!])
			expect(stored.map((e) => e.id)).not.toContain(refused.id);
		expect(stored.find((e) => e.id === taken.id)?.kind).toBe('lesson_completed');
	});

	it('writes nothing at all for a batch sent again', async () => {
		const batch = await eveningBatch(learner.id);
		const first = await applyEvents(learner, batch, ORIGIN, NOW);
		expect(first.outcomes.every((o) => o.status === 'applied')).toBe(true);
		const before = await writeMark();
		const again = await applyEvents(learner, batch, ORIGIN, new Date(NOW.getTime() + 60_000));
		expect(again.outcomes.map((o) => o.status)).toEqual(batch.map(() => 'duplicate'));
		expect((await writeMark()) - before).toBe(0);
	});

	it('writes the learner’s last activity once per batch, with the batch’s latest time, and only when later', async () => {
		// Counts every write of users.last_active_at (a trigger of this connection only, gone with it).
		if (engineOf(env.db) === 'sqlite')
			env.db.$client.exec(`create temp table activity_writes (at integer);
				create temp trigger count_activity after update of last_active_at on main.users
				begin insert into activity_writes values (new.last_active_at); end;`);
		else
			await rawRun(
				env.db,
				sql.raw(`create table activity_writes (n serial, at timestamptz);
				create function count_activity() returns trigger language plpgsql as
					$$ begin insert into activity_writes (at) values (new.last_active_at); return new; end $$;
				create trigger count_activity after update of last_active_at on users
					for each row execute function count_activity();`)
			);
		const writes = async () =>
			engineOf(env.db) === 'sqlite'
				? (env.db.$client.prepare('select at from activity_writes').pluck().all() as number[])
				: // Raw rows are not mapped by drizzle: node-postgres hands the time over as text here.
					(await rawRows<{ at: string }>(env.db, sql`select at from activity_writes order by n`)).map((r) =>
						new Date(r.at).getTime()
					);
		const batch = await eveningBatch(learner.id);
		await applyEvents(learner, batch, ORIGIN, NOW);
		expect(await writes()).toEqual([new Date(minutesBefore(5)).getTime()]);
		// Events done earlier than that (a phone's older outbox) leave it alone.
		await applyEvents(learner, [await practice(learner.id, 20), await practice(learner.id, 10)], ORIGIN, NOW);
		expect(await writes()).toHaveLength(1);
		await applyEvents(learner, [await practice(learner.id, 2), await practice(learner.id, 1)], ORIGIN, NOW);
		expect(await writes()).toEqual([new Date(minutesBefore(5)).getTime(), new Date(minutesBefore(1)).getTime()]);
		expect(
			(await first(env.db.select({ at: users.lastActiveAt }).from(users).where(eq(users.id, learner.id))))!.at
		).toEqual(new Date(minutesBefore(1)));
	});
});

describe('two server processes on one database', () => {
	it('apply batches with exam attempts at the same time without "database is locked"', async () => {
		const township = (await first(env.db.select({ id: townships.id }).from(townships).limit(1)))!;
		const made = await env.db
			.insert(users)
			.values(
				Array.from({ length: 40 }, (_, i) => ({
					role: 'learner' as const,
					name: `学员${i}`,
					username: `batch-spec-${i}`,
					townshipId: township.id,
					createdAt: new Date('2026-01-01T00:00:00Z')
				}))
			)
			.returning({ id: users.id });
		// Both processes stamp arrivals with the real clock, so the batches are made for now.
		const now = new Date();
		const work: { userId: number; events: Awaited<ReturnType<typeof eveningBatch>> }[] = [];
		for (const u of made) work.push({ userId: u.id, events: await eveningBatch(u.id, now) });
		const [mine, theirs] = [work.filter((_, i) => i % 2 === 0), work.filter((_, i) => i % 2 === 1)];
		const file = join(dirname(env.path), 'batches.json');
		writeFileSync(file, JSON.stringify(theirs));

		const child = spawn(
			process.execPath,
			['--import', 'tsx', 'src/lib/server/tooling/sync-writer.ts', env.address, file],
			{
				stdio: ['pipe', 'pipe', 'inherit']
			}
		);
		const lines = createInterface({ input: child.stdout });
		const next = () =>
			new Promise<Record<string, unknown>>((resolve, reject) => {
				lines.once('line', (line) => resolve(JSON.parse(line)));
				child.once('exit', (code) => reject(new Error(`writer exited with ${code}`)));
			});
		expect(await next()).toEqual({ ready: true });
		const theirResult = next();
		child.stdin.write('go\n');
		const myStart = Date.now();
		const myStatuses: string[][] = [];
		for (const { userId, events } of mine) {
			const { outcomes } = await applyEvents({ id: userId }, events, ORIGIN);
			myStatuses.push(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status)));
		}
		const myEnd = Date.now();
		const their = (await theirResult) as {
			statuses: string[][];
			error: string | null;
			startedAt: number;
			endedAt: number;
		};
		expect(their.error).toBeNull();
		// The two really wrote at the same time.
		expect(their.startedAt).toBeLessThan(myEnd);
		expect(myStart).toBeLessThan(their.endedAt);
		const allApplied = (statuses: string[][]) =>
			statuses.every((s) => s.length === 50 && s.every((x) => x === 'applied'));
		expect(their.statuses).toHaveLength(theirs.length);
		expect(allApplied(their.statuses)).toBe(true);
		expect(allApplied(myStatuses)).toBe(true);
		expect(await rowCount(examAttempts)).toBe(work.length);
		expect(await rowCount(learningEvents)).toBe(work.length * 50);
	}, 120_000);
});
