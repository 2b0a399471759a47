// What differs between SQLite and PostgreSQL in the app's SQL, in one place. Everything else is written once with
// drizzle's query builders (see index.ts). Each helper here answers for both engines, and the server suite runs on
// both (see the README).
import { Column, eq, getTableColumns, is, sql, type SQL, type Table } from 'drizzle-orm';
import { startEngine } from './engine.ts';
import { asPostgres, engineOf, inSqliteTurn, prepare, prepared, type Executor } from './index.ts';
import { users } from './schema.ts';
import { users as pgUsers } from './schema.pg.ts';

/** The first row a query returns, or undefined: better-sqlite3's `.get()`, for both engines. */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
	return (await query)[0];
}

/** The one row a write's `.returning()` gives (better-sqlite3's `.get()` on an insert): throws when there is none. */
export async function one<T>(query: PromiseLike<T[]>): Promise<T> {
	const [row] = await query;
	if (row === undefined) throw new Error('The statement returned no row.');
	return row;
}

/** How many rows a write changed: better-sqlite3 says `changes`, node-postgres `rowCount`. */
export function affectedRows(result: unknown): number {
	const r = result as { changes?: number; rowCount?: number | null };
	return Number(r.changes ?? r.rowCount ?? 0);
}

/** A raw SQL query's rows, named by their columns and not mapped by drizzle's column types. */
export async function rawRows<T>(database: Executor, query: SQL): Promise<T[]> {
	if (engineOf(database) === 'postgres') return (await asPostgres(database).execute(query)).rows as T[];
	return inSqliteTurn(() => database.all<T>(query));
}

/** Runs a raw SQL statement. */
export async function rawRun(database: Executor, query: SQL): Promise<void> {
	if (engineOf(database) === 'postgres') await asPostgres(database).execute(query);
	else await inSqliteTurn(() => database.run(query));
}

/**
 * Fields of a list read with jsonRows: columns (mapped as drizzle maps them), or SQL expressions and a subquery's
 * fields (taken as they are).
 */
export type JsonRowFields = Record<string, Column | SQL | SQL.Aliased>;
type JsonRow<F extends JsonRowFields> = {
	[K in keyof F]: F[K] extends Column
		? F[K]['_']['data']
		: F[K] extends SQL<infer T>
			? T
			: F[K] extends SQL.Aliased<infer T>
				? T
				: never;
};

/**
 * The rows of a select as one value, a JSON array of arrays (PostgreSQL `json_agg`, SQLite `json_group_array`), so
 * that one statement reads several lists: `db.select({ list: sql\`(${db.select({ rows: jsonRows(fields) }).from(t)})\` })`.
 * jsonRowsOf maps them back. On PostgreSQL every statement is a round trip, and the sync answer's seven lists took
 * seven.
 */
export function jsonRows(fields: JsonRowFields): SQL<unknown> {
	const row = sql.join(Object.values(fields), sql`, `);
	if (startEngine === 'postgres') return sql`coalesce(json_agg(json_build_array(${row})), '[]')`;
	return sql`json_group_array(json_array(${row}))`;
}

/** The rows of a jsonRows value, keyed and mapped as a select of `fields` would give them. */
export function jsonRowsOf<F extends JsonRowFields>(value: unknown, fields: F): JsonRow<F>[] {
	// node-postgres parses JSON; SQLite answers its text.
	const rows = (typeof value === 'string' ? JSON.parse(value) : value) as unknown[][];
	const entries = Object.entries(fields);
	return rows.map(
		(row) =>
			Object.fromEntries(
				entries.map(([key, field], i) => {
					const raw = row[i];
					return [key, raw == null || !is(field, Column) ? raw : field.mapFromDriverValue(raw)];
				})
			) as JsonRow<F>
	);
}

/**
 * `column in (values)` with the whole list as one bound parameter, however long: a 20,000-row roster stays one
 * query per lookup, well under the engines' limits on bound parameters. SQLite reads the list as JSON
 * (json_each); PostgreSQL takes it as an array (= any).
 */
export function inList(column: Column | SQL, values: Iterable<string | number>): SQL {
	const list = [...values];
	if (startEngine === 'postgres') return sql`${column} = any(${sql.param(list)})`;
	return sql`${column} in (select value from json_each(${JSON.stringify(list)}))`;
}

/**
 * A moment as bound into raw SQL (a placeholder's value, or `${…}` in sql``) to meet a time column: SQLite keeps
 * times as integer milliseconds, PostgreSQL as timestamptz (node-postgres sends a Date as one).
 */
export function dbTime(at: Date): number | Date {
	return startEngine === 'postgres' ? at : at.getTime();
}

/** A bound moment (a placeholder, or dbTime's value) as SQL of the engine's time type, where nothing else says it. */
export function timeSql(value: unknown): SQL {
	return startEngine === 'postgres' ? sql`cast(${value} as timestamptz)` : sql`${value}`;
}

/** The later of two moments, either of which may be null (then the other; null when both are). */
export function laterTime(a: SQL | Column, b: SQL | Column): SQL {
	// PostgreSQL's greatest() passes over nulls; SQLite's two-argument max() would answer null.
	if (startEngine === 'postgres') return sql`greatest(${a}, ${b})`;
	return sql`case when coalesce(${a}, 0) >= coalesce(${b}, 0) then ${a} else ${b} end`;
}

/**
 * How many values of `left` (a select of one column, each value once) are not among `right`'s (a select of one
 * column), as SQL of a number. Each engine gets the form it runs fastest when both are read from an index in the
 * column's order: SQLite EXCEPT, which it runs as one merge of the two in order (a NOT EXISTS looks each value up in
 * the index, one by one: 1.3–3.4 s against 0.33–0.38 s for a course of a million learners); PostgreSQL NOT EXISTS,
 * a hash anti join there (16–23 ms against 31 ms for its EXCEPT, a county's lesson).
 */
export function countMissing(left: SQL, right: SQL): SQL<number> {
	if (startEngine === 'postgres')
		return sql<number>`(select count(*) from (${left}) as l(v) where not exists (select 1 from (${right}) as r(v) where r.v = l.v))`;
	return sql<number>`(select count(*) from (${left} except ${right} order by 1))`;
}

/** The China calendar day (UTC+8, no summer time) of a time column, as YYYY-MM-DD. */
export function chinaDayOf(column: SQL | Column): SQL<string> {
	if (startEngine === 'postgres') return sql<string>`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
	return sql<string>`strftime('%Y-%m-%d', (${column} + ${8 * 3_600_000}) / 1000, 'unixepoch')`;
}

// Taken by every sync batch and exam ticket: prepared once per connection (see `prepared`).
const learnerLock = prepared((database): { execute(values: { userId: number }): Promise<{ createdAt: Date }[]> } =>
	engineOf(database) === 'postgres'
		? asPostgres(database)
				.select({ createdAt: pgUsers.createdAt })
				.from(pgUsers)
				.where(eq(pgUsers.id, sql.placeholder('userId')))
				.for('update')
				.prepare('db/dialect.lockLearner')
		: prepare(
				database
					.select({ createdAt: users.createdAt })
					.from(users)
					.where(eq(users.id, sql.placeholder('userId'))),
				'db/dialect.lockLearner'
			)
);

/**
 * Holds the learner's lock until the transaction ends, so that a learner's checks-then-writes (one open exam
 * ticket, the day's tickets, a batch's events) run one after another however many servers take them at once.
 * PostgreSQL: the learner's row, locked FOR UPDATE (READ COMMITTED lets two transactions read the same "no
 * ticket yet" otherwise). SQLite: no lock to take, a write transaction holds the database's one write lock.
 * Answers when the learner's account was made (null when there is no such account), read with the lock: a sync
 * batch needs it for its events' times, and on PostgreSQL every statement is a round trip.
 */
export async function lockLearner(tx: Executor, userId: number): Promise<{ accountCreatedAt: Date | null }> {
	const [row] = await learnerLock(tx).execute({ userId });
	return { accountCreatedAt: row?.createdAt ?? null };
}

/**
 * PostgreSQL: a statement that inserts rows (objects keyed like the table's columns: `keys`) with one short
 * statement whatever their number: the rows go as one JSON parameter, read back into rows by PostgreSQL
 * (`insert … select … from json_to_recordset($1) as given(id text, user_id integer, …)`). A VALUES list instead is
 * built by drizzle value by value and parsed by PostgreSQL the same way: for a sync batch of fifty events that
 * building took about a quarter of the server's CPU. JSON rather than an array a column (as this did first):
 * node-postgres writes arrays as text element by element in JavaScript, quoting each, while JSON is written by the
 * engine's own serializer. For a batch's 49 event rows that is 13–16% less of the app's CPU for the statement, and
 * in the sync bench (two servers, 50 phones) 5% less database CPU and 2–6% more events a second. Text must be
 * well-formed (PostgreSQL refuses a lone surrogate in JSON): the sync's events are, being checked first
 * (payloads.ts). Rows a unique key already holds are skipped (ON CONFLICT DO NOTHING), as with
 * `.onConflictDoNothing()`. Answers the `returning` columns of the rows inserted, mapped as drizzle maps them.
 *
 * The statement is built once and prepared under `name` on each connection (see `prepared`): its text is the same
 * for every call, so PostgreSQL parses and plans it once per connection instead of for every batch (the plan alone
 * took about 0.15 ms, a sixth of the statement). `same`: columns with one value for every row, as SQL (a subquery
 * runs once for the statement) whose parameters are placeholders, filled from the `values` of each call.
 */
export function jsonRowsInsert<K extends string, R extends Record<string, Column>>(
	table: Table,
	keys: readonly K[],
	returning: R,
	same: Record<string, SQL>,
	name: string
): (
	database: Executor,
	rows: Record<K, unknown>[],
	values?: Record<string, unknown>
) => Promise<{ [P in keyof R]: R[P]['_']['data'] }[]> {
	const columns = getTableColumns(table) as Record<string, Column>;
	const columnOf = (key: string) => {
		const column = columns[key];
		if (!column) throw new Error(`${key} is not a column of the table`);
		return column;
	};
	const given = keys.map(columnOf);
	// A JSON column's value rides as JSON itself; any other as drizzle gives it to the driver (a time as ISO text).
	const asJson = given.map((column) => column.getSQLType() === 'json' || column.getSQLType() === 'jsonb');
	const names = (list: Column[]) =>
		sql.join(
			list.map((column) => sql.identifier(column.name)),
			sql`, `
		);
	const into = names([...given, ...Object.keys(same).map(columnOf)]);
	const shape = sql.join(
		given.map((column) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`),
		sql`, `
	);
	const selected = sql.join([names(given), ...Object.values(same)], sql`, `);
	const query = sql`insert into ${table} (${into}) select ${selected} from json_to_recordset(${sql.placeholder(ROWS)}::json) as given(${shape}) on conflict do nothing returning ${names(Object.values(returning))}`;
	const statement = prepared((database) => {
		// drizzle's own session and dialect (not in its public types): what `.prepare(name)` of a builder does.
		const { session, dialect } = asPostgres(database) as unknown as {
			session: { prepareQuery(query: unknown, fields: undefined, name: string, arrayMode: boolean): PreparedRaw };
			dialect: { sqlToQuery(query: SQL): unknown };
		};
		return session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false);
	});
	const wanted = Object.entries(returning);
	return async (database, rows, values = {}) => {
		if (rows.length === 0) return [];
		const json = JSON.stringify(
			rows.map((row) => {
				const out: Record<string, unknown> = {};
				for (let i = 0; i < keys.length; i++) {
					const value = row[keys[i]];
					out[given[i].name] = value == null ? null : asJson[i] ? value : given[i].mapToDriverValue(value);
				}
				return out;
			})
		);
		const result = await statement(database).execute({ ...values, [ROWS]: json });
		return result.rows.map(
			(row) =>
				Object.fromEntries(
					wanted.map(([key, column]) => {
						const value = row[column.name];
						return [key, value == null ? value : column.mapFromDriverValue(value)];
					})
				) as { [P in keyof R]: R[P]['_']['data'] }
		);
	};
}

/** The placeholder of jsonRowsInsert's rows (a name no column's placeholder takes). */
const ROWS = '__rows';
type PreparedRaw = { execute(values: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[] }> };

/** PostgreSQL takes at most 65,535 values in a statement: a thousand rows of up to 65 columns each. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Writes (or reads) many rows the way that is cheaper on the engine: on SQLite, `each` row with a prepared statement
 * (in the process, microseconds each: building one statement for fifty rows costs more than running fifty); on
 * PostgreSQL, `all` of them in one statement (every statement is a round trip to the server, and costs the server a
 * parse or a bind and an execute: fifty rows in one statement cut its CPU by about a quarter in the sync bench). Both answer the
 * rows their statements returned.
 */
export async function oneByOneOrAll<R, T>(
	database: Executor,
	rows: R[],
	each: (row: R) => Promise<T[]>,
	all: (rows: R[]) => Promise<T[]>
): Promise<T[]> {
	if (rows.length === 0) return [];
	const answers: T[] = [];
	if (engineOf(database) === 'postgres') {
		for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT)
			answers.push(...(await all(rows.slice(start, start + ROWS_PER_STATEMENT))));
		return answers;
	}
	for (const row of rows) answers.push(...(await each(row)));
	return answers;
}

/**
 * What in the database server's settings lets a crash or a power cut take back commits the app has already answered
 * for: PostgreSQL's `fsync` or `synchronous_commit` off (each named in a line for the server's log). The sync tells a
 * phone to delete its events once they are committed. SQLite: nothing, as the app syncs its log itself before such
 * answers (see committedToDisk).
 */
export async function commitsAtRisk(database: Executor): Promise<string[]> {
	if (engineOf(database) !== 'postgres') return [];
	const settings = await rawRows<{ name: string; setting: string }>(
		database,
		sql`select name, setting from pg_settings where name in ('fsync', 'synchronous_commit') order by name`
	);
	return settings
		.filter(({ setting }) => setting === 'off')
		.map(
			({ name }) =>
				`PostgreSQL runs with ${name} = off: a crash of the database server or a power cut can lose sync batches ` +
				'that phones were told are saved, and then deleted. Turn it on (see docs/operations.md).'
		);
}
