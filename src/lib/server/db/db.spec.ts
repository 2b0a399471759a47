import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { migrateDatabase, type Db } from './index.ts';
import { households, townships, villages } from './schema.ts';
import { seedDemo } from '../tooling/seed/seed.ts';
import { listAreas } from './regions.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';

let fresh: ReturnType<typeof useFreshDatabase>;
beforeEach(() => {
	fresh = useFreshDatabase();
});
afterEach(() => fresh.cleanup());

function tables(db: Db): string[] {
	return db
		.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' order by name`)
		.map((r) => r.name);
}

describe('migrations', () => {
	it('create every table on an empty database, with the pragmas set', () => {
		expect(tables(fresh.db)).toEqual(
			expect.arrayContaining(['counties', 'townships', 'villages', 'households', 'users', 'sessions', 'audit_log'])
		);
		expect(fresh.db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(fresh.db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
	});

	it('are idempotent: applying them again changes nothing', () => {
		const before = tables(fresh.db);
		migrateDatabase(fresh.db);
		expect(tables(fresh.db)).toEqual(before);
	});

	it('enforce foreign keys', () => {
		expect(() => fresh.db.insert(households).values({ villageId: 999, code: 'X1', headName: '张三' }).run()).toThrow(
			/FOREIGN KEY/
		);
	});
});

describe('demo seed', () => {
	function snapshot(db: Db) {
		return {
			townships: db
				.select()
				.from(townships)
				.orderBy(asc(townships.code))
				.all()
				.map((t) => [t.code, t.name]),
			villages: db
				.select()
				.from(villages)
				.orderBy(asc(villages.code))
				.all()
				.map((v) => [v.code, v.name]),
			households: db
				.select()
				.from(households)
				.orderBy(asc(households.code))
				.all()
				.map((h) => [h.code, h.headName])
		};
	}

	it('makes 2 townships, 5 villages and 30 households, the same every time', () => {
		seedDemo(fresh.db);
		const first = snapshot(fresh.db);
		expect(first.townships).toHaveLength(2);
		expect(first.villages).toHaveLength(5);
		expect(first.households).toHaveLength(30);
		fresh.cleanup();
		fresh = useFreshDatabase();
		seedDemo(fresh.db);
		expect(snapshot(fresh.db)).toEqual(first);
	});

	it('shows up grouped by township on the areas query', () => {
		seedDemo(fresh.db);
		const areas = listAreas();
		expect(areas.map((a) => a.name)).toEqual(['金河镇', '铜厂乡']);
		expect(areas[0].villages.reduce((n, v) => n + v.households, 0)).toBe(18);
	});
});
