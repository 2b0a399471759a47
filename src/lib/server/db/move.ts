// Moving a county's data from its SQLite file to PostgreSQL (`npm run db:move`, cli/db-move.ts).
//
// The target is migrated with drizzle/pg and must have no rows in any of the app's tables: the move refuses
// otherwise and changes nothing. Every table of schema.sqlite.ts is read through drizzle from one read transaction on the
// SQLite file (a consistent snapshot; the file is opened read-only and never written), in pages by its key, and
// written through drizzle with schema.pg.ts's table of the same name, in multi-row inserts, parents before children
// (the order comes from the schema's foreign keys). Ids are copied as they are; each identity sequence is then set
// past the largest id copied. Then both sides are compared table by table: row count and a SHA-256 over the rows in
// key order, each row serialised from the values drizzle maps it to (the same JS values from either engine: see
// schema-parity.spec.ts). All of it is one PostgreSQL transaction: a move that fails, or whose comparison finds a
// difference, leaves the target as it found it.
//
// SQLite-specific on purpose: it reads the file with better-sqlite3 directly, whatever the app's data layer does.
import Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { and, asc, eq, getTableColumns, gt, is, isNotNull, or, SQL, sql, type Column } from 'drizzle-orm';
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig as pgTableConfig, PgColumn, PgTable, type PgDatabase } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { pgMigrationsFolder } from './index.ts';
import * as pgSchema from './schema.pg.ts';
import * as sqliteSchema from './schema.sqlite.ts';

/** A drizzle database on PostgreSQL (node-postgres), or a transaction on one. */
export type PgExecutor = PgDatabase<NodePgQueryResultHKT>;
/** A drizzle database on the SQLite file being moved. */
export type SqliteSource = BetterSQLite3Database & { $client: Database.Database };

type Row = Record<string, unknown>;

/** How many rows are read from either side at a time. */
export const DEFAULT_PAGE_SIZE = 5000;
/** PostgreSQL takes at most 65,535 parameters in one statement: a multi-row insert stays under it. */
const MAX_PARAMETERS = 65_535;
/**
 * Rows per insert, at most: drizzle builds each statement as a tree of objects, several per value, and two are
 * built at a time (Inserts). With inserts of 5,000 rows the move of a tenth of the bench county peaked at 133 MB of
 * heap (340 MB RSS for the whole county); with 1,000, 96 MB, and it was no slower.
 */
const INSERT_ROWS = 1000;

/** The same table in both schemas. */
export type TablePair = { name: string; sqlite: SQLiteTable; pg: PgTable };

/** How one table is moved. */
export type TablePlan = TablePair & {
	/** The JS keys of the columns rows are paged and ordered by: the primary key, else a unique key of not-null columns. */
	key: string[];
	/** The JS keys of columns referring to the table itself: inserted null, then set once every row is in. */
	selfReferences: string[];
	/** The identity columns (their JS keys), whose sequences are set past the largest id copied. */
	identities: string[];
};

/** Every table of schema.sqlite.ts with its namesake of schema.pg.ts, in schema.sqlite.ts's order. */
export function schemaTables(): TablePair[] {
	const pgTables = new Map(
		Object.values(pgSchema as Record<string, unknown>)
			.filter((t): t is PgTable => is(t, PgTable))
			.map((t) => [pgTableConfig(t).name, t])
	);
	const pairs = Object.values(sqliteSchema as Record<string, unknown>)
		.filter((t): t is SQLiteTable => is(t, SQLiteTable))
		.map((t) => {
			const name = sqliteTableConfig(t).name;
			const pgTable = pgTables.get(name);
			if (!pgTable) throw new Error(`Table ${name} of schema.sqlite.ts has no namesake in schema.pg.ts.`);
			pgTables.delete(name);
			return { name, sqlite: t, pg: pgTable };
		});
	if (pgTables.size)
		throw new Error(`Tables of schema.pg.ts missing from schema.sqlite.ts: ${[...pgTables.keys()].join(', ')}`);
	return pairs;
}

/** A table's JS key for each of its columns' names. */
const keysByName = (table: PgTable | SQLiteTable) =>
	new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [column.name, key]));

/** The columns a table's rows are identified by: its primary key, else a unique key of not-null columns. */
function identifyingColumns(table: PgTable): PgColumn[] {
	const config = pgTableConfig(table);
	const single = config.columns.filter((c) => c.primary);
	if (single.length) return single;
	if (config.primaryKeys.length) return config.primaryKeys[0].columns;
	// An index names its columns (an expression has none); a unique constraint has them.
	const byName = new Map(config.columns.map((c) => [c.name, c]));
	const named = (columns: unknown[]) =>
		columns.map((c) => byName.get(is(c, SQL) ? '' : ((c as { name?: string }).name ?? '')));
	const unique = [
		...config.uniqueConstraints.map((u) => named(u.columns)),
		...config.indexes.filter((ix) => ix.config.unique && !ix.config.where).map((ix) => named(ix.config.columns))
	].find((columns) => columns.every((c) => c?.notNull));
	if (unique) return unique as PgColumn[];
	throw new Error(`Table ${config.name} has neither a primary key nor a unique key of not-null columns to page by.`);
}

/**
 * The tables in an order where every table comes after those its foreign keys refer to (schema.sqlite.ts's order among
 * tables free to go in any), with what moving each needs. A table referring to itself is fine when those columns
 * may be null; a cycle between tables is refused.
 */
export function movePlan(pairs: TablePair[] = schemaTables()): TablePlan[] {
	const byName = new Map(pairs.map((p) => [p.name, p]));
	const plans = pairs.map((pair) => {
		const keys = keysByName(pair.pg);
		const config = pgTableConfig(pair.pg);
		const parents = new Set<string>();
		const selfReferences: string[] = [];
		for (const fk of config.foreignKeys) {
			const reference = fk.reference();
			const parent = pgTableConfig(reference.foreignTable).name;
			if (!byName.has(parent)) throw new Error(`Table ${pair.name} refers to ${parent}, which is not moved.`);
			if (parent !== pair.name) {
				parents.add(parent);
				continue;
			}
			for (const column of reference.columns) {
				if (column.notNull)
					throw new Error(
						`${pair.name}.${column.name} refers to its own table and may not be null: no order to copy it in.`
					);
				selfReferences.push(keys.get(column.name)!);
			}
		}
		const plan: TablePlan = {
			...pair,
			key: identifyingColumns(pair.pg).map((c) => keys.get(c.name)!),
			selfReferences: [...new Set(selfReferences)],
			identities: config.columns.filter((c) => isIdentity(c)).map((c) => keys.get(c.name)!)
		};
		return { plan, parents };
	});
	const ordered: TablePlan[] = [];
	const placed = new Set<string>();
	while (ordered.length < plans.length) {
		const next = plans.find(({ plan, parents }) => !placed.has(plan.name) && [...parents].every((p) => placed.has(p)));
		if (!next) {
			const left = plans.filter(({ plan }) => !placed.has(plan.name)).map(({ plan }) => plan.name);
			throw new Error(`The foreign keys of ${left.join(', ')} form a cycle: no order to copy them in.`);
		}
		ordered.push(next.plan);
		placed.add(next.plan.name);
	}
	return ordered;
}

const isIdentity = (c: PgColumn) => !!(c as PgColumn & { generatedIdentity?: unknown }).generatedIdentity;

// ---- Checksums ----

/**
 * A value as the checksum sees it, the same whichever engine it came from: Date → epoch milliseconds, Buffer →
 * hex, objects with their keys sorted (JSON columns), numbers as numbers (Infinity and NaN distinct from null).
 */
export function canonical(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (value instanceof Date) return String(value.getTime());
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `"${Buffer.from(value).toString('hex')}"`;
	switch (typeof value) {
		case 'number':
			return Number.isFinite(value) ? JSON.stringify(value) : String(value);
		case 'bigint':
			return value.toString();
		case 'string':
		case 'boolean':
			return JSON.stringify(value);
		case 'object':
			if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
			return `{${Object.keys(value)
				.filter((k) => (value as Row)[k] !== undefined)
				.sort()
				.map((k) => `${JSON.stringify(k)}:${canonical((value as Row)[k])}`)
				.join(',')}}`;
		default:
			throw new Error(`No canonical form for a ${typeof value}`);
	}
}

/** A table's rows, hashed one after the other in key order. */
export type TableSum = { rows: number; sha256: string };

class Summer {
	private readonly hash: Hash = createHash('sha256');
	rows = 0;
	constructor(private readonly columns: string[]) {}
	add(row: Row) {
		this.hash.update(`[${this.columns.map((c) => canonical(row[c])).join(',')}]\n`);
		this.rows++;
	}
	done(): TableSum {
		return { rows: this.rows, sha256: this.hash.digest('hex') };
	}
}

// ---- Reading SQLite ----

/** The rows after `last` in key order: (a, b) > (x, y), which SQLite answers from the key's index. */
function after(columns: Column[], last: unknown[]): SQL {
	if (columns.length === 1) return gt(columns[0], last[0]);
	return sql`(${sql.join(columns, sql`, `)}) > (${sql.join(
		last.map((v, i) => sql.param(v, columns[i])),
		sql`, `
	)})`;
}

/** A table's rows from SQLite, page by page in key order (binary order for text, as PostgreSQL's "C" collation). */
function* sqlitePages(source: SqliteSource, plan: TablePlan, pageSize: number, where?: SQL): Generator<Row[]> {
	const columns = getTableColumns(plan.sqlite);
	const key = plan.key.map((k) => columns[k] as SQLiteColumn);
	let last: unknown[] | undefined;
	for (;;) {
		const rows = source
			.select()
			.from(plan.sqlite)
			.where(and(where, last ? after(key, last) : undefined))
			.orderBy(...key.map((c) => asc(c)))
			.limit(pageSize)
			.all() as Row[];
		if (rows.length) yield rows;
		if (rows.length < pageSize) return;
		const end = rows[rows.length - 1];
		last = plan.key.map((k) => end[k]);
	}
}

/** A SQLite database opened read-only, inside one read transaction: every read sees the file as it was at open. */
export type SqliteSnapshot = { db: SqliteSource; close(): void };

export function openSqliteSnapshot(path: string): SqliteSnapshot {
	const client = new Database(path, { readonly: true, fileMustExist: true });
	client.exec('begin');
	// The snapshot is taken by the transaction's first read, now.
	client.prepare('select count(*) from sqlite_master').get();
	return {
		db: drizzleSqlite(client),
		close() {
			if (client.inTransaction) client.exec('rollback');
			client.close();
		}
	};
}

/** Throws unless every table and column of schema.sqlite.ts is in the SQLite file (it is at the app's latest migration). */
function checkSource(source: SqliteSource, plans: TablePlan[]) {
	const client = source.$client;
	for (const plan of plans) {
		const have = new Set(
			(client.prepare('select name from pragma_table_info(?)').all(plan.name) as { name: string }[]).map((c) => c.name)
		);
		const missing = Object.values(getTableColumns(plan.sqlite))
			.map((c) => c.name)
			.filter((name) => !have.has(name));
		if (have.size === 0 || missing.length)
			throw new MoveRefused(
				`The SQLite database lacks ${have.size === 0 ? `the table ${plan.name}` : `${plan.name}.${missing.join(', ')}`}: it is not at this version of the app's schema. Run the app's migrations on it first (npm run db:migrate, with the app stopped).`
			);
	}
}

// ---- Reading PostgreSQL ----

let cursors = 0;

/**
 * A table's rows from PostgreSQL, page by page in key order, through a cursor: text in the "C" collation (byte
 * order, as SQLite's), whatever the database's own collation is, sorted once. Rows are mapped by drizzle's columns
 * from what node-postgres returns through drizzle (timestamps as text), as a drizzle select maps them.
 */
async function* pgPages(target: PgExecutor, plan: TablePlan, pageSize: number): AsyncGenerator<Row[]> {
	const columns = Object.entries(getTableColumns(plan.pg));
	const byKey = getTableColumns(plan.pg);
	const order = plan.key.map((k) => {
		const column = byKey[k];
		return column.getSQLType() === 'text' ? sql`${column} collate "C"` : sql`${column}`;
	});
	const cursor = sql.identifier(`move_rows_${++cursors}`);
	const select = target
		.select()
		.from(plan.pg)
		.orderBy(...order);
	await target.execute(sql`declare ${cursor} no scroll cursor for ${select}`);
	try {
		for (;;) {
			const result = await target.execute(sql`fetch forward ${sql.raw(String(pageSize))} from ${cursor}`);
			if (result.rows.length === 0) return;
			yield result.rows.map((raw) => {
				const row: Row = {};
				for (const [key, column] of columns) {
					const value = raw[column.name];
					row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
				}
				return row;
			});
		}
	} finally {
		// After an error the transaction refuses everything, this too: the error that matters is the first one.
		await target.execute(sql`close ${cursor}`).catch(() => undefined);
	}
}

/** The tables of `plans` that exist in the target and have at least one row. */
export async function tablesWithRows(target: PgExecutor, plans: TablePlan[]): Promise<string[]> {
	const full: string[] = [];
	for (const plan of plans) {
		const [exists] = (await target.execute(sql`select to_regclass(${`public.${plan.name}`}) is not null as "exists"`))
			.rows as { exists: boolean }[];
		if (!exists.exists) continue;
		const [some] = (await target.execute(sql`select exists (select 1 from ${plan.pg}) as "some"`)).rows as {
			some: boolean;
		}[];
		if (some.some) full.push(plan.name);
	}
	return full;
}

// ---- Copying ----

/** How far a move has come: rows copied into a table, or rows of the copy compared with SQLite's. */
export type Progress = { phase: 'copy' | 'verify'; table: string; rows: number; total: number };

/**
 * Inserts one after the other on the connection, each built and sent while the one before it runs: PostgreSQL
 * writes a page while the next is read from SQLite and built here (drizzle builds a statement as it is sent, and
 * the connection runs them in order). At most two inserts are held. The first failure is the one reported; the
 * statements after it fail because of it.
 */
class Inserts {
	private last: Promise<void> = Promise.resolve();
	private failure: { error: unknown } | undefined;
	/** Sends an insert, then waits for the one before it. */
	async send(insert: () => Promise<unknown>) {
		const before = this.last;
		this.last = insert().then(
			() => undefined,
			(error: unknown) => {
				this.failure ??= { error };
			}
		);
		await before;
		if (this.failure) throw this.failure.error;
	}
	/** Waits for every insert sent. */
	async done() {
		await this.last;
		if (this.failure) throw this.failure.error;
	}
}

/**
 * Copies every table of `plans` (in their order) from the SQLite snapshot into the target (a transaction), and
 * returns each table's checksum as read from SQLite.
 */
export async function copyTables(
	source: SqliteSource,
	target: PgExecutor,
	plans: TablePlan[],
	options: { pageSize?: number; onProgress?: (progress: Progress) => void } = {}
): Promise<Map<string, TableSum>> {
	const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
	const sums = new Map<string, TableSum>();
	for (const plan of plans) {
		const columns = Object.keys(getTableColumns(plan.pg));
		const perInsert = Math.max(1, Math.min(INSERT_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
		const total = count(source, plan);
		const summer = new Summer(columns);
		const inserts = new Inserts();
		try {
			for (const page of sqlitePages(source, plan, pageSize)) {
				for (const row of page) summer.add(row);
				const rows = plan.selfReferences.length
					? page.map((row) => ({ ...row, ...Object.fromEntries(plan.selfReferences.map((k) => [k, null])) }))
					: page;
				for (let i = 0; i < rows.length; i += perInsert) {
					const chunk = rows.slice(i, i + perInsert);
					await inserts.send(() =>
						target
							.insert(plan.pg)
							.values(chunk as never)
							.execute()
					);
				}
				options.onProgress?.({ phase: 'copy', table: plan.name, rows: summer.rows, total });
			}
			await inserts.done();
			if (plan.selfReferences.length) await setSelfReferences(source, target, plan, pageSize);
		} catch (error) {
			throw new MoveFailed(plan.name, error);
		}
		sums.set(plan.name, summer.done());
	}
	return sums;
}

/** Sets a table's references to its own rows, once every row is in: row by row (no table of the app has any). */
async function setSelfReferences(source: SqliteSource, target: PgExecutor, plan: TablePlan, pageSize: number) {
	const sqliteColumns = getTableColumns(plan.sqlite);
	const pgColumns = getTableColumns(plan.pg);
	const referring = or(...plan.selfReferences.map((k) => isNotNull(sqliteColumns[k])));
	for (const page of sqlitePages(source, plan, pageSize, referring))
		for (const row of page)
			await target
				.update(plan.pg)
				.set(Object.fromEntries(plan.selfReferences.map((k) => [k, row[k]])))
				.where(and(...plan.key.map((k) => eq(pgColumns[k], row[k]))));
}

/** Sets each identity column's sequence past the largest id in the table, so new rows get fresh ids. */
export async function resetSequences(target: PgExecutor, plans: TablePlan[]) {
	for (const plan of plans) {
		for (const key of plan.identities) {
			const column = getTableColumns(plan.pg)[key];
			await target.execute(
				sql`select setval(pg_get_serial_sequence(${`"${plan.name}"`}, ${column.name}), m)
				    from (select max(${column}) as m from ${plan.pg}) s where m is not null`
			);
		}
	}
}

const count = (source: SqliteSource, plan: TablePlan) =>
	(source.$client.prepare(`select count(*) as n from "${plan.name}"`).get() as { n: number }).n;

// ---- Comparing ----

export type TableCheck = {
	table: string;
	/** count(*) on each side. */
	source: number;
	target: number;
	/** The rows read in key order and their checksum, on each side. */
	sourceSum: TableSum;
	targetSum: TableSum;
	ok: boolean;
};
export type MoveReport = {
	tables: TableCheck[];
	ok: boolean;
	/** The secrets the move kept in instance_secrets (see MoveOptions.secrets), by name. */
	secrets?: string[];
};

/**
 * Compares every table of `plans` on both sides: count(*) and the checksum of the rows in key order. `sourceSums`
 * are the checksums of what was copied (copyTables) when the SQLite side need not be read again.
 */
export async function verifyTables(
	source: SqliteSource,
	target: PgExecutor,
	plans: TablePlan[],
	options: { sourceSums?: Map<string, TableSum>; pageSize?: number; onProgress?: (progress: Progress) => void } = {}
): Promise<MoveReport> {
	const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
	const tables: TableCheck[] = [];
	for (const plan of plans) {
		const columns = Object.keys(getTableColumns(plan.pg));
		let sourceSum = options.sourceSums?.get(plan.name);
		if (!sourceSum) {
			const summer = new Summer(columns);
			for (const page of sqlitePages(source, plan, pageSize)) for (const row of page) summer.add(row);
			sourceSum = summer.done();
		}
		const [{ n }] = (await target.execute(sql`select count(*)::bigint as n from ${plan.pg}`)).rows as { n: string }[];
		const total = Number(n);
		const summer = new Summer(columns);
		// A cursor lives in a transaction: the target's own, or one of its own (a savepoint inside another).
		await target.transaction(async (tx) => {
			for await (const page of pgPages(tx, plan, pageSize)) {
				for (const row of page) summer.add(row);
				options.onProgress?.({ phase: 'verify', table: plan.name, rows: summer.rows, total });
			}
		});
		const targetSum = summer.done();
		const check = { table: plan.name, source: count(source, plan), target: total, sourceSum, targetSum };
		tables.push({
			...check,
			ok:
				check.source === check.target &&
				sourceSum.rows === check.source &&
				targetSum.rows === check.target &&
				sourceSum.sha256 === targetSum.sha256
		});
	}
	return { tables, ok: tables.every((t) => t.ok) };
}

/** The report as a table: counts and short checksums per table, the differences marked. */
export function formatReport(report: MoveReport): string {
	const width = Math.max(5, ...report.tables.map((t) => t.table.length));
	const number = (n: number) => n.toLocaleString('en-US').padStart(11);
	const lines = [
		`${'table'.padEnd(width)}  ${'SQLite rows'.padStart(11)}  ${'PG rows'.padStart(11)}  ${'SQLite sum'.padEnd(12)}  ${'PG sum'.padEnd(12)}`,
		...report.tables.map(
			(t) =>
				`${t.table.padEnd(width)}  ${number(t.source)}  ${number(t.target)}  ${t.sourceSum.sha256.slice(0, 12)}  ${t.targetSum.sha256.slice(0, 12)}  ${t.ok ? 'ok' : 'DIFFERENT'}`
		)
	];
	return lines.join('\n');
}

// ---- The move ----

/** The target is not fit for the move (it has rows, or the source is not at the app's schema): nothing changed. */
export class MoveRefused extends Error {
	override name = 'MoveRefused';
}

/**
 * Copying a table failed (PostgreSQL refused a row, the connection broke…): the transaction was rolled back. The
 * message is the cause's own, without the statement and its values (drizzle's error has them all: a thousand rows).
 */
export class MoveFailed extends Error {
	override name = 'MoveFailed';
	constructor(
		readonly table: string,
		cause: unknown
	) {
		let root = cause;
		while (root instanceof Error && root.cause instanceof Error) root = root.cause;
		const detail = (root as { detail?: string }).detail;
		super(
			`Copying ${table} failed: ${root instanceof Error ? root.message : String(root)}${detail ? ` (${detail})` : ''}`,
			{
				cause
			}
		);
	}
}

/** The two sides differ after the copy: the transaction was rolled back. */
export class MoveVerificationFailed extends Error {
	override name = 'MoveVerificationFailed';
	constructor(readonly report: MoveReport) {
		const different = report.tables.filter((t) => !t.ok).map((t) => t.table);
		super(`The copy differs from the SQLite database in ${different.join(', ')}: nothing was kept.`);
	}
}

export type MoveOptions = {
	/** The SQLite file. */
	from: string;
	/** The PostgreSQL database, as a postgres:// URL. */
	to: string;
	pageSize?: number;
	onProgress?: (progress: Progress) => void;
	/** Runs in the move's transaction between the copy and the comparison (tests use it to spoil the copy). */
	beforeVerify?: (tx: PgExecutor) => Promise<void>;
	/**
	 * Secrets a SQLite install keeps in files beside the database (name → value, names from SECRET_NAMES: the
	 * certificate signing key, the exam-ticket secret), to be kept in `instance_secrets` with the rows, where every
	 * PostgreSQL server finds them: certificates issued before the move then still verify, and tickets given then
	 * are still honoured. Added after the comparison, in the same transaction; a name the copied rows hold already
	 * keeps its copied value (then it is not in the report's `secrets`).
	 */
	secrets?: Record<string, string>;
};

/**
 * Moves the SQLite file's data into the PostgreSQL database. Resolves with the comparison of both sides; rejects
 * with MoveRefused (nothing changed), MoveFailed or MoveVerificationFailed (rolled back), or the error that stopped
 * it otherwise (rolled back).
 */
export async function moveDatabase(options: MoveOptions): Promise<MoveReport> {
	const plans = movePlan();
	const snapshot = openSqliteSnapshot(options.from);
	const pool = new pg.Pool({ connectionString: options.to, max: 1 });
	try {
		checkSource(snapshot.db, plans);
		const target = drizzlePg(pool);
		const refuse = async (db: PgExecutor) => {
			const full = await tablesWithRows(db, plans);
			if (full.length)
				throw new MoveRefused(
					`The target database is not empty: ${full.join(', ')} ${full.length === 1 ? 'has' : 'have'} rows. Move into a new, empty database.`
				);
		};
		// Before the migrations, which would change a database this refuses.
		await refuse(target);
		await migrate(target, { migrationsFolder: pgMigrationsFolder });
		const report = await target.transaction(async (tx) => {
			// Again, inside the transaction: rows may have come meanwhile.
			await refuse(tx);
			const { pageSize, onProgress } = options;
			const sourceSums = await copyTables(snapshot.db, tx, plans, { pageSize, onProgress });
			await options.beforeVerify?.(tx);
			const report = await verifyTables(snapshot.db, tx, plans, { sourceSums, pageSize, onProgress });
			if (!report.ok) throw new MoveVerificationFailed(report);
			const secrets = Object.entries(options.secrets ?? {}).map(([name, value]) => ({ name, value }));
			const carried =
				secrets.length === 0
					? []
					: await tx
							.insert(pgSchema.instanceSecrets)
							.values(secrets)
							.onConflictDoNothing()
							.returning({ name: pgSchema.instanceSecrets.name });
			// Last: a sequence is no part of a transaction, and is not set back by a rollback.
			await resetSequences(tx, plans);
			return { ...report, secrets: carried.map(({ name }) => name) };
		});
		// The planner's statistics of the tables now full, at once: until autovacuum gathered them, PostgreSQL planned
		// a moved county's queries as for empty tables (an export's small pages: 70 ms each instead of 7 ms). The rows
		// are in whatever happens here: a failure only leaves the statistics to autovacuum, and must not read as a
		// failed move.
		await target.execute(sql`analyze`).catch((error: Error) => {
			console.warn(`The rows are moved, but ANALYZE failed (autovacuum will gather the statistics): ${error.message}`);
		});
		return report;
	} finally {
		snapshot.close();
		await pool.end();
	}
}
