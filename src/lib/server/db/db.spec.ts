import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { engineOf, migrateDatabase, type Db } from './index.ts';
import { counties, households, townships, villages } from './schema.ts';
import { seedDemo } from '../tooling/seed/seed.ts';
import { listAreas } from './regions.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { oneByOneOrAll, rawRows } from './dialect.ts';

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
