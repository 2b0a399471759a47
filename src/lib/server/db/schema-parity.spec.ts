import { describe, expect, expectTypeOf, it } from 'vitest';
import { getTableColumns, is, SQL, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgDialect, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import {
	getTableConfig as sqliteConfig,
	SQLiteSyncDialect,
	SQLiteTable,
	type SQLiteColumn
} from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from './schema.sqlite.ts';
import * as pgSchema from './schema.pg.ts';

// The PostgreSQL schema (schema.pg.ts) must describe the same tables as the SQLite one (schema.ts), so that the app
// and its data can move between the engines. See the top of schema.pg.ts for why each type maps as it does.

/** SQLite column type (drizzle's columnType, which carries the mode) → the PostgreSQL column and its SQL type. */
const TYPE_MAP: Record<string, { columnType: string; sqlType: string }> = {
	SQLiteInteger: { columnType: 'PgInteger', sqlType: 'integer' },
	SQLiteTimestamp: { columnType: 'PgTimestamp', sqlType: 'timestamp (3) with time zone' },
	SQLiteBoolean: { columnType: 'PgBoolean', sqlType: 'boolean' },
	SQLiteText: { columnType: 'PgText', sqlType: 'text' },
	SQLiteTextJson: { columnType: 'PgJsonb', sqlType: 'jsonb' },
	SQLiteReal: { columnType: 'PgDoublePrecision', sqlType: 'double precision' },
	SQLiteBlobBuffer: { columnType: 'PgCustomColumn', sqlType: 'bytea' }
};

/** The integer columns that are bigint (read as number) in PostgreSQL: they may pass 2^31 - 1. */
const BIGINT_COLUMNS = new Set(['exam_tickets.seed', 'exam_attempts.seed', 'course_blobs.size', 'audit_log.id']);
const BIGINT = { columnType: 'PgBigInt53', sqlType: 'bigint' };

/** SQL defaults that mean the same in both engines (SQLite text → PostgreSQL text). */
const SQL_DEFAULTS: Record<string, string> = { '(unixepoch() * 1000)': 'now()' };

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();
const sqliteSql = (s: SQL | undefined) => (s ? sqliteDialect.sqlToQuery(s) : undefined);
const pgSql = (s: SQL | undefined) => (s ? pgDialect.sqlToQuery(s) : undefined);

const sqliteTables = Object.entries(sqliteSchema as Record<string, unknown>).filter((e): e is [string, SQLiteTable] =>
	is(e[1], SQLiteTable)
);
const pgTables = Object.entries(pgSchema as Record<string, unknown>).filter((e): e is [string, PgTable] =>
	is(e[1], PgTable)
);

/** A SQLite `integer primary key` is the rowid: drizzle lets an insert leave it out, PostgreSQL needs it given. */
const isRowidKey = (c: SQLiteColumn) =>
	c.primary && c.columnType === 'SQLiteInteger' && !(c as SQLiteColumn & { autoIncrement: boolean }).autoIncrement;

function defaultOf(c: SQLiteColumn | PgColumn, render: (s: SQL) => { sql: string } | undefined) {
	if (c.default === undefined) return undefined;
	return is(c.default, SQL) ? { sql: render(c.default)?.sql } : { value: c.default };
}

function columnShape(c: SQLiteColumn) {
	return {
		name: c.name,
		notNull: c.notNull,
		hasDefault: isRowidKey(c) ? false : c.hasDefault,
		primary: c.primary,
		isUnique: c.isUnique,
		uniqueName: c.isUnique ? c.uniqueName : undefined,
		enumValues: c.enumValues,
		identity: (c as SQLiteColumn & { autoIncrement?: boolean }).autoIncrement ? 'byDefault' : undefined,
		default: ((d) => (d && 'sql' in d ? { sql: SQL_DEFAULTS[d.sql ?? ''] ?? `unmapped: ${d.sql}` } : d))(
			defaultOf(c, sqliteSql)
		)
	};
}

function pgColumnShape(c: PgColumn) {
	return {
		name: c.name,
		notNull: c.notNull,
		hasDefault: c.hasDefault,
		primary: c.primary,
		isUnique: c.isUnique,
		uniqueName: c.isUnique ? c.uniqueName : undefined,
		enumValues: c.enumValues,
		identity: c.generatedIdentity?.type,
		default: defaultOf(c, pgSql)
	};
}

function keysAndIndexes(
	config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>,
	dialect: 'sqlite' | 'pg'
) {
	const render = (s: SQL | undefined) => (dialect === 'sqlite' ? sqliteSql(s) : pgSql(s));
	const byName = <T extends { name?: string }>(list: T[]) =>
		[...list].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
	return {
		primaryKeys: byName(
			config.primaryKeys.map((pk) => ({ name: pk.getName(), columns: pk.columns.map((c) => c.name) }))
		),
		foreignKeys: byName(
			config.foreignKeys.map((fk) => {
				const ref = fk.reference();
				return {
					name: fk.getName(),
					columns: ref.columns.map((c) => c.name),
					foreignTable: sqliteOrPgName(ref.foreignTable),
					foreignColumns: ref.foreignColumns.map((c) => c.name),
					onDelete: fk.onDelete ?? 'no action',
					onUpdate: fk.onUpdate ?? 'no action'
				};
			})
		),
		indexes: byName(
			config.indexes.map((ix) => ({
				name: ix.config.name,
				columns: ix.config.columns.map((c) => (is(c, SQL) ? render(c) : (c as { name?: string }).name)),
				unique: ix.config.unique,
				where: render(ix.config.where)
			}))
		),
		uniqueConstraints: byName(
			config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', columns: u.columns.map((c) => c.name) }))
		),
		checks: config.checks.map((c) => c.name)
	};
}

function sqliteOrPgName(table: SQLiteTable | PgTable): string {
	return is(table, SQLiteTable) ? sqliteConfig(table).name : pgConfig(table as PgTable).name;
}

describe('the PostgreSQL schema', () => {
	it('exports the same names as the SQLite schema, the same constants, and the same tables', () => {
		expect(Object.keys(pgSchema).sort()).toEqual(Object.keys(sqliteSchema).sort());
		expect(pgTables.map(([key]) => key).sort()).toEqual(sqliteTables.map(([key]) => key).sort());
		expect(sqliteTables.length).toBeGreaterThanOrEqual(32);
		for (const [key, value] of Object.entries(sqliteSchema)) {
			if (!is(value, SQLiteTable)) expect(pgSchema[key as keyof typeof pgSchema], key).toBe(value);
		}
	});

	it('lists only existing integer columns as bigint', () => {
		const integers = sqliteTables.flatMap(([, t]) => {
			const config = sqliteConfig(t);
			return config.columns.filter((c) => c.columnType === 'SQLiteInteger').map((c) => `${config.name}.${c.name}`);
		});
		for (const column of BIGINT_COLUMNS) expect(integers).toContain(column);
	});

	describe.each(sqliteTables)('table %s', (key, sqliteTable) => {
		const s = sqliteConfig(sqliteTable);
		const pgTable = pgSchema[key as keyof typeof pgSchema];
		const p = is(pgTable, PgTable) ? pgConfig(pgTable) : undefined;

		it('has the same name, JS names and columns in the same order', () => {
			expect(p?.name).toBe(s.name);
			expect(Object.keys(getTableColumns(pgTable as PgTable))).toEqual(Object.keys(getTableColumns(sqliteTable)));
			expect(p?.columns.map((c) => c.name)).toEqual(s.columns.map((c) => c.name));
		});

		it('has columns with the same constraints and defaults', () => {
			expect(p?.columns.map(pgColumnShape)).toEqual(s.columns.map(columnShape));
		});

		it('maps every column type by the table', () => {
			for (const [i, c] of s.columns.entries()) {
				const expected = BIGINT_COLUMNS.has(`${s.name}.${c.name}`) ? BIGINT : TYPE_MAP[c.columnType];
				expect(expected, `${s.name}.${c.name}: no PostgreSQL type for ${c.columnType}`).toBeDefined();
				const pc = p?.columns[i];
				expect({ columnType: pc?.columnType, sqlType: pc?.getSQLType() }, `${s.name}.${c.name}`).toEqual(expected);
			}
		});

		it('has the same keys, foreign keys, indexes and unique constraints', () => {
			expect(p && keysAndIndexes(p, 'pg')).toEqual(keysAndIndexes(s, 'sqlite'));
		});
	});
});

// The rows the app reads and writes have the same types, so its code can run on either schema. One exception: a
// SQLite `integer primary key` that is not autoincrement (the rowid) may be left out of an insert; in PostgreSQL
// it must be given (the app always gives it).
type S = typeof sqliteSchema;
type P = typeof pgSchema;
type TableKey = { [K in keyof S]: S[K] extends SQLiteTable ? K : never }[keyof S];
/** True only when X and Y are the same type (TypeScript's own identity check). */
type Same<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Flat<T> = { [K in keyof T]: T[K] };
/** The rowid keys, given in every insert. */
type RowidGiven = { contentGeneration: 'id'; learnerGoals: 'userId'; learnerSettings: 'userId' };
type Given<T, K> = Flat<
	{ [F in keyof T as F extends K ? never : F]: T[F] } & { [F in keyof T as F extends K ? F : never]-?: T[F] }
>;
type SqliteInsert<K extends TableKey> = K extends keyof RowidGiven
	? Given<InferInsertModel<S[K]>, RowidGiven[K]>
	: InferInsertModel<S[K]>;
type PgModel<K extends TableKey, M extends 'select' | 'insert'> = P[K] extends PgTable
	? M extends 'select'
		? InferSelectModel<P[K]>
		: InferInsertModel<P[K]>
	: never;
/** The tables whose select or insert rows differ between the schemas: none. */
type Differing<M extends 'select' | 'insert'> = {
	[K in TableKey]: Same<PgModel<K, M>, M extends 'select' ? InferSelectModel<S[K]> : SqliteInsert<K>> extends true
		? never
		: K;
}[TableKey];

describe('the row types', () => {
	it('are the same in both schemas', () => {
		// A table or a constant missing in one schema, or added, fails here too.
		expectTypeOf<keyof P>().toEqualTypeOf<keyof S>();
		expectTypeOf<Differing<'select'>>().toEqualTypeOf<never>();
		expectTypeOf<Differing<'insert'>>().toEqualTypeOf<never>();
		expectTypeOf<pgSchema.Role>().toEqualTypeOf<sqliteSchema.Role>();
		expectTypeOf<pgSchema.EventKind>().toEqualTypeOf<sqliteSchema.EventKind>();
		expectTypeOf<pgSchema.OpportunityKind>().toEqualTypeOf<sqliteSchema.OpportunityKind>();
		expectTypeOf<pgSchema.CourseVersionStatus>().toEqualTypeOf<sqliteSchema.CourseVersionStatus>();
	});
});
