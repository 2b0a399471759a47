// The PostgreSQL migrations (drizzle/pg/) on a real PostgreSQL server: a throw-away one of this test's own
// (tooling/pg-server.ts: initdb into a temp folder, listening on a unix socket there only, fsync off) applies every
// migration of the journal in order, in one transaction, with psql; then its live catalog must match schema.pg.ts
// as drizzle reads it (getTableConfig): the same tables and nothing else, each with exactly its columns (type,
// nullability, default, identity), keys, unique constraints, indexes and foreign keys. A few inserts check what the
// catalog cannot show.
//
// Needs PostgreSQL's programs (initdb, postgres, psql, pg_isready): on PATH, or where Debian's `postgresql`
// package puts them. Without them the test fails, unless ZHIZHI_SKIP_POSTGRES=1 is set, which skips it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is, SQL } from 'drizzle-orm';
import { getTableConfig, PgDialect, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_POSTGRES, startThrowawayPostgres, type ThrowawayPostgres } from '../tooling/pg-server.ts';
import * as schema from './schema.pg.ts';

const MIGRATIONS = 'drizzle/pg';

let server: ThrowawayPostgres;
const psql = (args: string[]) => server.psql(args);
const query = (sql: string) => server.query(sql);

/** A query's rows as JSON (json_agg), so names and definitions come back whole whatever they contain. */
function rows<T>(select: string): T[] {
	return JSON.parse(query(`select coalesce(json_agg(r), '[]') from (${select}) r`)) as T[];
}

// ---- What schema.pg.ts says, read through drizzle ----

const dialect = new PgDialect();
const tables = Object.values(schema as Record<string, unknown>)
	.filter((t): t is PgTable => is(t, PgTable))
	.map((t) => getTableConfig(t));

const FK_ACTIONS: Record<string, string> = {
	'no action': 'a',
	restrict: 'r',
	cascade: 'c',
	'set null': 'n',
	'set default': 'd'
};

type TableConfig = ReturnType<typeof getTableConfig>;

/** One entry per table of the schema, by name. */
const perTable = <T>(f: (t: TableConfig) => T): Record<string, T> =>
	Object.fromEntries(tables.map((t) => [t.name, f(t)]));

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

/** How PostgreSQL shows a column's default (information_schema.columns.column_default). */
function expectedDefault(c: PgColumn): string | null {
	const value = c.default;
	if (value === undefined || value === null) return null;
	if (is(value, SQL)) return dialect.sqlToQuery(value).sql;
	if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'::text`;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return `'${JSON.stringify(value)}'::${c.getSQLType()}`;
}

/** A column as information_schema describes it: `timestamp (3) with time zone` is that type, precision 3. */
function expectedColumn(c: PgColumn) {
	const sqlType = c.getSQLType();
	const precision = /\((\d+)\)/.exec(sqlType);
	const type = sqlType.replace(/\s*\(\d+\)/, '');
	return {
		name: c.name,
		type,
		precision: type.startsWith('timestamp') ? (precision ? Number(precision[1]) : 6) : null,
		nullable: c.notNull ? 'NO' : 'YES',
		default: c.generatedIdentity ? null : expectedDefault(c),
		identity: c.generatedIdentity ? (c.generatedIdentity.type === 'always' ? 'ALWAYS' : 'BY DEFAULT') : null
	};
}

/** A partial index's condition, without what PostgreSQL adds or drizzle's renderer puts around names. */
const condition = (sql: string | null | undefined, table: string) =>
	sql
		? sql
				.replaceAll(`"${table}".`, '')
				.replace(/::text\b/g, '')
				.replace(/["()\s]/g, '')
				.toLowerCase()
		: null;

function expectedConstraints(t: TableConfig) {
	const single = t.columns.filter((c) => c.primary);
	return byName([
		...single.map((c) => ({ name: `${t.name}_pkey`, type: 'p', columns: [c.name] })),
		...t.primaryKeys.map((pk) => ({ name: pk.getName(), type: 'p', columns: pk.columns.map((c) => c.name) })),
		...t.columns
			.filter((c) => c.isUnique)
			.map((c) => ({ name: c.uniqueName ?? `${t.name}_${c.name}_unique`, type: 'u', columns: [c.name] })),
		...t.uniqueConstraints.map((u) => ({
			name: u.getName() ?? '',
			type: 'u',
			columns: u.columns.map((c) => c.name)
		})),
		...t.checks.map((c) => ({ name: c.name, type: 'c', columns: null }))
	]);
}

function expectedForeignKeys(t: TableConfig) {
	return byName(
		t.foreignKeys.map((fk) => {
			const ref = fk.reference();
			return {
				name: fk.getName(),
				columns: ref.columns.map((c) => c.name),
				foreignTable: getTableConfig(ref.foreignTable).name,
				foreignColumns: ref.foreignColumns.map((c) => c.name),
				onDelete: FK_ACTIONS[fk.onDelete ?? 'no action'],
				onUpdate: FK_ACTIONS[fk.onUpdate ?? 'no action']
			};
		})
	);
}

function expectedIndexes(t: TableConfig) {
	return byName(
		t.indexes.map((ix) => ({
			name: ix.config.name ?? '(unnamed)',
			unique: ix.config.unique,
			// An expression is no column: PostgreSQL's catalog gives null for it.
			columns: ix.config.columns.map((c) => (is(c, SQL) ? null : ((c as { name?: string }).name ?? null))),
			where: condition(ix.config.where ? dialect.sqlToQuery(ix.config.where).sql : null, t.name)
		}))
	);
}

// ---- What the server says ----

type Column = ReturnType<typeof expectedColumn>;
type Constraint = {
	table: string;
	name: string;
	type: string;
	columns: string[] | null;
	foreignTable: string | null;
	foreignColumns: string[] | null;
	onDelete: string;
	onUpdate: string;
};
type IndexRow = {
	table: string;
	name: string;
	unique: boolean;
	columns: (string | null)[];
	where: string | null;
	constraint: string | null;
};

const attnames = (rel: string, keys: string) =>
	`(select json_agg(a.attname order by k.n) from unnest(${keys}) with ordinality k(attnum, n)
	  left join pg_attribute a on a.attrelid = ${rel} and a.attnum = k.attnum)`;

describe.skipIf(SKIP_POSTGRES)('the PostgreSQL migrations on a real server', () => {
	beforeAll(async () => {
		server = await startThrowawayPostgres();
	}, 60_000);

	afterAll(() => server?.stop(), 20_000);

	it('apply in order, in one transaction', () => {
		const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
			dialect: string;
			entries: { idx: number; tag: string }[];
		};
		expect(journal.dialect).toBe('postgresql');
		const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
		expect(entries.length).toBeGreaterThan(0);
		// Copied beside the server, where its user can read them (the checkout may be closed to it). The breakpoint
		// markers are SQL comments: psql takes each file as it is.
		const files = entries.map((e) => server.copyIn(join(MIGRATIONS, `${e.tag}.sql`)));
		const result = psql(['--single-transaction', ...files.flatMap((f) => ['-f', f])]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	it('make exactly the tables of schema.pg.ts, each with exactly its columns', () => {
		const live = rows<{ schema: string; name: string }>(
			`select table_schema as schema, table_name as name from information_schema.tables
			 where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
			 order by 1, 2`
		);
		// drizzle's migrator keeps its bookkeeping in drizzle.__drizzle_migrations; psql makes none.
		const own = live.filter((t) => !(t.schema === 'drizzle' && t.name === '__drizzle_migrations'));
		expect(own.map((t) => `${t.schema}.${t.name}`)).toEqual(tables.map((t) => `public.${t.name}`).sort());

		const columns = rows<{ table: string; column: Column }>(
			`select table_name as table,
			        json_build_object('name', column_name, 'type', data_type, 'precision', datetime_precision,
			          'nullable', is_nullable, 'default', column_default, 'identity', identity_generation) as column
			 from information_schema.columns where table_schema = 'public'`
		);
		// Every table at once, so a failure shows every difference.
		const got = perTable((t) => byName(columns.filter((c) => c.table === t.name).map((c) => c.column)));
		expect(got).toEqual(perTable((t) => byName(t.columns.map(expectedColumn))));
	});

	it('make the keys, unique constraints and foreign keys of schema.pg.ts, and no others', () => {
		const constraints = rows<Constraint>(
			`select c.conrelid::regclass::text as table, c.conname as name, c.contype as type,
			        ${attnames('c.conrelid', 'c.conkey')} as columns,
			        nullif(c.confrelid, 0)::regclass::text as "foreignTable",
			        ${attnames('c.confrelid', 'c.confkey')} as "foreignColumns",
			        c.confdeltype as "onDelete", c.confupdtype as "onUpdate"
			 from pg_constraint c join pg_namespace n on n.oid = c.connamespace
			 where n.nspname = 'public' and c.contype in ('p', 'u', 'f', 'c')`
		);
		const keys = perTable((t) =>
			byName(
				constraints
					.filter((c) => c.table === t.name && c.type !== 'f')
					.map((c) => ({ name: c.name, type: c.type, columns: c.type === 'c' ? null : c.columns }))
			)
		);
		expect(keys, 'keys and unique constraints').toEqual(perTable(expectedConstraints));
		const foreign = perTable((t) =>
			byName(
				constraints
					.filter((c) => c.table === t.name && c.type === 'f')
					.map(({ name, columns, foreignTable, foreignColumns, onDelete, onUpdate }) => ({
						name,
						columns,
						foreignTable,
						foreignColumns,
						onDelete,
						onUpdate
					}))
			)
		);
		expect(foreign, 'foreign keys').toEqual(perTable(expectedForeignKeys));
		// No constraint on a table the schema does not have (those tables fail the test above anyway).
		expect(constraints.filter((c) => !tables.some((t) => t.name === c.table))).toEqual([]);
	});

	it('make the indexes of schema.pg.ts, unique and partial where it says, and no others', () => {
		const indexes = rows<IndexRow>(
			`select t.relname as table, i.relname as name, x.indisunique as unique,
			        ${attnames('x.indrelid', 'x.indkey::int2[]')} as columns,
			        pg_get_expr(x.indpred, x.indrelid) as where,
			        (select conname from pg_constraint k where k.conindid = x.indexrelid and k.conrelid = x.indrelid
			           and k.contype in ('p', 'u')) as constraint
			 from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
			   join pg_namespace n on n.oid = t.relnamespace
			 where n.nspname = 'public'`
		);
		// The indexes behind keys and unique constraints are checked with them.
		const got = perTable((t) =>
			byName(
				indexes
					.filter((ix) => ix.table === t.name && ix.constraint === null)
					.map((ix) => ({
						name: ix.name,
						unique: ix.unique,
						columns: ix.columns,
						where: condition(ix.where, t.name)
					}))
			)
		);
		expect(got).toEqual(perTable(expectedIndexes));
	});

	it('fill in defaults, keep 32-bit seeds whole, and allow one draft per course', () => {
		// Identity ids and created_at default now(); a given id is taken too (rows moved from SQLite keep theirs).
		expect(query(`insert into counties (code, name) values ('530000', '县') returning id`)).toBe('1');
		expect(query(`insert into counties (id, code, name) values (7, '530007', '县七') returning id`)).toBe('7');
		expect(query(`select count(*) from counties where created_at between now() - interval '1 minute' and now()`)).toBe(
			'2'
		);
		const user = query(
			`insert into users (role, name, username) values ('learner', '马', 'learner-1')
			 returning id || ',' || must_change_password || ',' || locale || ',' || valid_certificates`
		);
		expect(user).toBe('1,false,zh-CN,0');

		// newSeed: an unsigned 32-bit number, past integer's 2^31 - 1.
		query(
			`insert into exam_tickets (id, user_id, course_slug, content_version, seed, question_ids, issued_at, expires_at)
			 values ('t1', 1, 'raising-chickens', 'v1', 4294967295, '["q1"]', now(), now() + interval '1 hour')`
		);
		query(
			`insert into learning_events (id, user_id, kind, course_slug, content_version, client_at, received_at)
			 values ('e1', 1, 'exam_submitted', 'raising-chickens', 'v1', now(), now())`
		);
		query(
			`insert into exam_attempts (event_id, user_id, course_slug, content_version, seed, ticket_id, answers, score,
			   passed, review, submitted_at, graded_at)
			 values ('e1', 1, 'raising-chickens', 'v1', 4294967295, 't1', '{}', 0.8, true, '[]', now(), now())`
		);
		expect(query(`select seed from exam_tickets where id = 't1'`)).toBe('4294967295');
		expect(query(`select seed from exam_attempts where event_id = 'e1'`)).toBe('4294967295');

		// course_versions_one_draft_idx: a second draft of the same course is refused; a published one is not.
		const version = (n: number, status: string, slug = 'raising-chickens') =>
			psql([
				'-c',
				`insert into course_versions (course_slug, number, folder, status, updated_at)
				 values ('${slug}', ${n}, '01-${slug}', '${status}', now())`
			]);
		expect(version(1, 'draft').status).toBe(0);
		const second = version(2, 'draft');
		expect(second.status, 'a second draft of the same course must be refused').not.toBe(0);
		expect(second.stderr).toContain('course_versions_one_draft_idx');
		expect(version(2, 'published').status).toBe(0);
		expect(version(1, 'draft', 'growing-tea').status).toBe(0);
		expect(query(`select count(*) from course_versions where status = 'draft'`)).toBe('2');
	});
});
