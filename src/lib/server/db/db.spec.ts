import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { engineOf, migrateDatabase, openReader, readersOpen, writeTransaction, type Db } from './index.ts';
import { counties, households, learningEvents, townships, users, villages } from './schema.ts';
import { seedDemo } from '../tooling/seed/seed.ts';
import { listAreas } from './regions.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { commitsAtRisk, jsonRows, jsonRowsInsert, jsonRowsOf, oneByOneOrAll, rawRows } from './dialect.ts';
import { countyOfUser } from './county.ts';
import { testEngine } from '../tooling/test-engine.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
});
afterEach(() => fresh.cleanup());

async function tables(db: Db): Promise<string[]> {
	const query =
		engineOf(db) === 'postgres'
			? sql`select table_name as name from information_schema.tables where table_schema = 'public' order by name`
			: sql`select name from sqlite_master where type = 'table' order by name`;
	return (await rawRows<{ name: string }>(db, query)).map((r) => r.name);
}

describe('migrations', () => {
	it('create every table on an empty database, with the pragmas set', async () => {
		expect(await tables(fresh.db)).toEqual(
			expect.arrayContaining(['counties', 'townships', 'villages', 'households', 'users', 'sessions', 'audit_log'])
		);
		if (engineOf(fresh.db) === 'sqlite') {
			expect(fresh.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
			expect(fresh.db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		}
	});

	it('are idempotent: applying them again changes nothing', async () => {
		const before = await tables(fresh.db);
		await migrateDatabase(fresh.db);
		expect(await tables(fresh.db)).toEqual(before);
	});

	it('enforce foreign keys', async () => {
		const error = await fresh.db
			.insert(households)
			.values({ villageId: 999, code: 'X1', headName: '张三' })
			.then(
				() => null,
				(e: Error & { cause?: Error }) => e
			);
		// SQLite's own message, or PostgreSQL's under drizzle's "Failed query".
		expect(`${error?.message} ${error?.cause?.message}`).toMatch(/FOREIGN KEY|foreign key/);
	});
});

describe('commitsAtRisk', () => {
	it('names the PostgreSQL settings that could lose answered commits, and nothing on SQLite', async () => {
		if (engineOf(fresh.db) === 'sqlite') {
			expect(await commitsAtRisk(fresh.db)).toEqual([]);
			return;
		}
		// The tests' throw-away server runs with both off, for speed; a connection's own setting is what counts.
		const [fsync, synchronousCommit] = await commitsAtRisk(fresh.db);
		expect(fsync).toMatch(/^PostgreSQL runs with fsync = off: .*docs\/operations\.md/);
		expect(synchronousCommit).toMatch(/^PostgreSQL runs with synchronous_commit = off/);
		const durable = await writeTransaction(async (tx) => {
			await rawRows(tx, sql`set local synchronous_commit = on`);
			return commitsAtRisk(tx);
		}, fresh.db);
		expect(durable).toEqual([fsync]);
	});
});

describe('demo seed', () => {
	async function snapshot(db: Db) {
		return {
			townships: (await db.select().from(townships).orderBy(asc(townships.code))).map((t) => [t.code, t.name]),
			villages: (await db.select().from(villages).orderBy(asc(villages.code))).map((v) => [v.code, v.name]),
			households: (await db.select().from(households).orderBy(asc(households.code))).map((h) => [h.code, h.headName])
		};
	}

	it('makes 2 townships, 5 villages and 30 households, the same every time', async () => {
		await seedDemo(fresh.db);
		const first = await snapshot(fresh.db);
		expect(first.townships).toHaveLength(2);
		expect(first.villages).toHaveLength(5);
		expect(first.households).toHaveLength(30);
		await fresh.cleanup();
		fresh = await useFreshDatabase();
		await seedDemo(fresh.db);
		expect(await snapshot(fresh.db)).toEqual(first);
	});

	it('shows up grouped by township on the areas query', async () => {
		await seedDemo(fresh.db);
		const areas = await listAreas();
		expect(areas.map((a) => a.name)).toEqual(['金河镇', '铜厂乡']);
		expect(areas[0].villages.reduce((n, v) => n + v.households, 0)).toBe(18);
	});
});

describe('oneByOneOrAll', () => {
	it('writes every row and answers what each statement returned, past the rows one statement may take', async () => {
		const rows = Array.from({ length: 2345 }, (_, i) => ({ code: `C${i}`, name: `县${i}` }));
		const calls = { each: 0, all: 0 };
		const written = await oneByOneOrAll(
			fresh.db,
			rows,
			async (row) => {
				calls.each++;
				return fresh.db.insert(counties).values(row).onConflictDoNothing().returning({ code: counties.code });
			},
			async (some) => {
				calls.all++;
				return fresh.db.insert(counties).values(some).onConflictDoNothing().returning({ code: counties.code });
			}
		);
		expect(written.map((r) => r.code).sort()).toEqual(rows.map((r) => r.code).sort());
		// PostgreSQL: three statements (1,000 rows at most each); SQLite: one a row.
		expect(calls).toEqual(engineOf(fresh.db) === 'postgres' ? { each: 0, all: 3 } : { each: 2345, all: 0 });
		expect(await fresh.db.$count(counties)).toBe(2345);
	});
});

describe('rows as arrays and lists as JSON', () => {
	// Text a phone may send in a payload: quotes, backslashes, braces and commas (an array literal's own signs),
	// a new line, Chinese and an emoji.
	const awkward = '他说:"好\\用" {a,b}, \'c\' ☺\n换行 NULL';
	const learner = async () => {
		const [county] = await fresh.db.insert(counties).values({ code: '530000', name: '县' }).returning();
		const [township] = await fresh.db
			.insert(townships)
			.values({ code: '530001', name: '乡', countyId: county.id })
			.returning();
		const [user] = await fresh.db
			.insert(users)
			.values({ role: 'learner', name: '学员', username: 'u1', townshipId: township.id, countyId: county.id })
			.returning({ id: users.id });
		return { userId: user.id, countyId: county.id };
	};
	const eventRows = (userId: number, ids: string[]) =>
		ids.map((id, i) => ({
			id,
			userId,
			kind: 'rating' as const,
			courseSlug: 'raising-chickens',
			lessonSlug: i === 0 ? null : 'lesson-1',
			contentVersion: '1',
			payload: i === 0 ? null : i === 1 ? { face: 'ok', comment: awkward } : { nested: { list: [1, 'two', null] } },
			clientAt: new Date(Date.UTC(2026, 10, 30, 12, 0, i, 123)),
			receivedAt: new Date(Date.UTC(2026, 10, 30, 12, 5, 0, 7))
		}));

	it.skipIf(testEngine !== 'postgres')(
		'PostgreSQL: jsonRowsInsert writes every value as given, skips rows a key holds, and fills a shared column',
		async () => {
			const { userId, countyId } = await learner();
			const keys = [
				'id',
				'userId',
				'kind',
				'courseSlug',
				'lessonSlug',
				'contentVersion',
				'payload',
				'clientAt',
				'receivedAt'
			] as const;
			const same = { countyId: countyOfUser(sql.placeholder('userId')) };
			const insert = jsonRowsInsert(learningEvents, keys, { id: learningEvents.id }, same, 'test.insertRows');
			const insertAgain = jsonRowsInsert(
				learningEvents,
				keys,
				{ id: learningEvents.id, clientAt: learningEvents.clientAt },
				same,
				'test.insertRowsAgain'
			);
			const rows = eventRows(userId, ['e1', 'e2', 'e3']);
			const more = eventRows(userId, ['e4', 'e5']).map((r, i) => ({ ...r, id: `e${i + 4}`, lessonSlug: 'lesson-2' }));
			const answers = await writeTransaction(async (tx) => {
				const inserted = await insert(tx, rows, { userId });
				// Sent again with new rows: only the new ones are written and answered.
				const again = await insertAgain(tx, [...rows, more[0]], { userId });
				const last = await insert(tx, [more[1]], { userId });
				// Prepared once on the transaction's connection under its name, and run again from there.
				const runs = await rawRows<{ name: string; runs: number }>(
					tx,
					sql`select name, generic_plans + custom_plans as runs from pg_prepared_statements where name like 'test.%' order by name`
				);
				return { inserted, again, last, runs };
			}, fresh.db);
			expect(answers.inserted.map((r) => r.id).sort()).toEqual(['e1', 'e2', 'e3']);
			expect(answers.again).toEqual([{ id: 'e4', clientAt: more[0].clientAt }]);
			expect(answers.last).toEqual([{ id: 'e5' }]);
			expect(answers.runs.map((r) => [r.name, Number(r.runs)])).toEqual([
				['test.insertRows', 2],
				['test.insertRowsAgain', 1]
			]);
			const stored = await fresh.db.select().from(learningEvents).where(eq(learningEvents.userId, userId));
			const byId = new Map(stored.map((r) => [r.id, r]));
			for (const row of [...rows, ...more]) expect(byId.get(row.id)).toEqual({ ...row, countyId });
		}
	);

	it('jsonRows reads a list in one value, each field as a select of it gives it', async () => {
		const { userId } = await learner();
		await fresh.db.insert(learningEvents).values(eventRows(userId, ['e1', 'e2', 'e3']));
		const fields = {
			id: learningEvents.id,
			lessonSlug: learningEvents.lessonSlug,
			payload: learningEvents.payload,
			clientAt: learningEvents.clientAt,
			day: sql<string>`'day'`
		};
		const [row] = await fresh.db
			.select({
				list: sql`(${fresh.db
					.select({ rows: jsonRows(fields) })
					.from(learningEvents)
					.where(eq(learningEvents.userId, userId))})`,
				none: sql`(${fresh.db
					.select({ rows: jsonRows(fields) })
					.from(learningEvents)
					.where(eq(learningEvents.userId, -1))})`
			})
			.from(users)
			.where(eq(users.id, userId));
		const selected = await fresh.db.select(fields).from(learningEvents).where(eq(learningEvents.userId, userId));
		const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
		expect(byId(jsonRowsOf(row.list, fields))).toEqual(byId(selected));
		expect(jsonRowsOf(row.list, fields).find((r) => r.id === 'e2')?.payload).toEqual({ face: 'ok', comment: awkward });
		expect(jsonRowsOf(row.none, fields)).toEqual([]);
	});
});

describe('openReader', () => {
	it('reads the same data on a read-only connection of its own with a small cache (SQLite), or is the pool', async () => {
		await seedDemo(fresh.db);
		const before = readersOpen();
		const { reader, close } = openReader(fresh.db);
		try {
			const countOf = async (database: Db) =>
				(await rawRows<{ n: number }>(database, sql`select count(*) as n from ${users}`))[0].n;
			expect(Number(await countOf(reader))).toBe(Number(await countOf(fresh.db)));
			if (engineOf(fresh.db) === 'postgres') {
				expect(reader).toBe(fresh.db);
				expect(readersOpen()).toBe(before);
				return;
			}
			expect(reader.$client).not.toBe(fresh.db.$client);
			expect(readersOpen()).toBe(before + 1);
			expect(reader.$client.pragma('cache_size', { simple: true })).toBe(-2048);
			// What the server's connection commits, the reader's next read sees; the reader itself cannot write.
			await fresh.db.insert(counties).values({ code: 'reader-test', name: '读取县' });
			expect(await rawRows(reader, sql`select name from ${counties} where ${counties.code} = 'reader-test'`)).toEqual([
				{ name: '读取县' }
			]);
			await expect(reader.insert(counties).values({ code: 'no', name: '不行' })).rejects.toThrow(/readonly/);
		} finally {
			close();
			close();
		}
		expect(readersOpen()).toBe(before);
	});
});
