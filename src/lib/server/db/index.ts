import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDatabase, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { QueryPromise } from 'drizzle-orm/query-promise';
import { BUSY_TIMEOUT_MS, logSyncer, useWal } from './wal.ts';
import { checkDatabasePath, config } from '../config.ts';
import * as schema from './schema.sqlite.ts';
import * as pgSchema from './schema.pg.ts';
import { startEngine } from './engine.ts';

// One data layer, two engines. The app's queries are written once, with drizzle's query builders, and always
// awaited: `await db.select()…` runs on SQLite (better-sqlite3, the embedded default) and on PostgreSQL
// (node-postgres, when DATABASE_URL is set) alike. Queries are typed against the SQLite schema (schema.ts);
// schema-parity.spec.ts proves the PostgreSQL one (schema.pg.ts) gives the very same row types, and the tables
// the code names are the running engine's own (see tables.ts). What differs between the engines lives in this
// folder: connections and transactions here, the few dialect-specific SQL expressions in dialect.ts. The
// synchronous calls better-sqlite3 offers (.all(), .get(), .run(), .values(), db.transaction) are refused by the
// lint outside this folder: they do not exist on PostgreSQL.

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * A transaction, as writeTransaction hands it to its work. Queries on it run inside the transaction: pass it down
 * rather than reaching for the global `db`, which on PostgreSQL is another connection, outside the transaction.
 */
export type Tx = Db;

/** The database or a transaction on it, for functions that may run inside a transaction or outside one. */
export type Executor = Db | Tx;

/** Which engine holds the data. */
export type Engine = 'sqlite' | 'postgres';

/** `drizzle/` at the project root, found from here both in the source tree and in the built server. */
export const migrationsFolder = resolve(process.env.MIGRATIONS_PATH || 'drizzle');
/** PostgreSQL's migrations, made by drizzle-kit from schema.pg.ts (`npm run db:generate:pg`). */
export const pgMigrationsFolder = resolve(migrationsFolder, 'pg');

/**
 * How a transaction that writes is run: writeTransaction (the default everywhere), or, for the sync's batches,
 * in a transaction shared with the others waiting at the same moment (sync/write-groups.ts).
 */
export type WriteRunner = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** Opens a database file with the pragmas the app relies on. */
export function openDatabase(path: string): Db {
	checkDatabasePath(path);
	const client = new Database(path);
	// Several server processes may share the file. Waiting comes first, so that even switching a new file to WAL
	// waits for another process's lock instead of failing. WAL lets readers go on while one process writes;
	// writers take turns (see writeTransaction), each waiting up to busy_timeout for the lock.
	client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	useWal(client);
	client.pragma('foreign_keys = ON');
	// A commit survives a crash of the process; the log reaches the disk off this thread before an answer that
	// reports a save goes out: a sync batch's, a form's (committedToDisk).
	client.pragma('synchronous = NORMAL');
	// SQLite's own page cache is 2 MB by default, small beside a county's indexes: 64 MB per connection. Reading
	// the file through a memory map (mmap_size) was tried too and dropped: in one of nine two-process bench runs a
	// server process died of SIGBUS, the signal a mapped file gives when it changes under a reader.
	client.pragma('cache_size = -65536');
	return drizzle(client, { schema }) as Db;
}

/** PostgreSQL: per pool, how many more transactions may start now, and who waits for one to end. */
const slots = new WeakMap<object, { free: number; waiting: (() => void)[] }>();

/** Connections each app server keeps open to PostgreSQL (DATABASE_POOL_SIZE). */
const DEFAULT_POOL_SIZE = 10;

/**
 * Connects to PostgreSQL at `url` (postgres://…): a pool of connections, with drizzle over it and the PostgreSQL
 * schema's tables. Typed as Db: the app's queries are written once (see the top of this file).
 */
export function openPostgres(url: string, poolSize = DEFAULT_POOL_SIZE): Db {
	// Pipelined: queries a request sends together (Promise.all) go to the server at once, each answered in turn,
	// instead of each waiting for the one before; a sync batch's checks and writes wait about half as often.
	const pool = new pg.Pool({ connectionString: url, max: poolSize, pipeline: true });
	// Transactions take at most all but two of the connections: a query made meanwhile outside them (through the
	// global db, by code a transaction calls) then always finds one. Without it, a server given more sync batches
	// at once than it has connections hung: every connection held a transaction waiting for one more.
	slots.set(pool, { free: Math.max(1, poolSize - 2), waiting: [] });
	// An idle connection that the server drops (a restart, a network cut) must not take the process down with it.
	pool.on('error', (error) => console.error(`[zhizhi] PostgreSQL connection lost: ${error.message}`));
	return drizzlePg(pool, { schema: pgSchema }) as unknown as Db;
}

/** Which engine `database` (the database or a transaction on it) runs on. */
export function engineOf(database: Executor = getDb()): Engine {
	return (unwrap(database) as unknown) instanceof PgDatabase ? 'postgres' : 'sqlite';
}

/** The PostgreSQL face of `database` (only where engineOf said so). */
export function asPostgres(database: Executor): NodePgDatabase<typeof pgSchema> & { $client: pg.Pool } {
	return database as unknown as NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };
}

/** Applies every migration (drizzle/, or drizzle/pg/ on PostgreSQL) that has not been applied yet. */
export async function migrateDatabase(target: Db): Promise<void> {
	if (engineOf(target) === 'postgres') await migratePg(asPostgres(target), { migrationsFolder: pgMigrationsFolder });
	else migrate(target, { migrationsFolder });
}

/** The advisory lock app servers starting on one PostgreSQL database take in turn (any number the app owns). */
export const START_LOCK = 7_105_210_411;

/**
 * Runs `work` (the start's migrations and imports) while no other app server starting on the same PostgreSQL
 * database runs its own: drizzle's migrator is not safe against another running at once, and two servers importing
 * the shipped courses side by side would both find them missing. The lock is a PostgreSQL advisory lock, held by a
 * connection of its own outside the pool (the work needs the pool's connections, however few); PostgreSQL lets it
 * go when that connection ends, even when the process holding it dies. On SQLite the work just runs: the
 * processes of `npm start` share one machine and start one at a time (cli/serve.js).
 */
export async function oneServerAtATime<T>(database: Db, work: () => Promise<T>): Promise<T> {
	if (engineOf(database) !== 'postgres') return work();
	const lock = new pg.Client(asPostgres(database).$client.options);
	await lock.connect();
	try {
		const { rows } = await lock.query<{ taken: boolean }>('select pg_try_advisory_lock($1) as taken', [START_LOCK]);
		if (!rows[0].taken) {
			console.info('[zhizhi] Another app server is starting on this database: waiting for it to finish.');
			await lock.query('select pg_advisory_lock($1)', [START_LOCK]);
		}
		return await work();
	} finally {
		// Ending the connection lets the lock go.
		await lock.end();
	}
}

/**
 * Runs `work` with a database of its own: on PostgreSQL, one connection outside the pool, closed after; on SQLite,
 * `database` itself. For work a transaction may wait for (loading a secret the first time it signs with it): the
 * transactions of the moment may hold every connection of the pool.
 */
export async function onConnectionOfItsOwn<T>(database: Db, work: (own: Db) => Promise<T>): Promise<T> {
	if (engineOf(database) !== 'postgres') return work(database);
	const pool = new pg.Pool({ ...asPostgres(database).$client.options, max: 1 });
	// Its connection may be cut after the work (the server restarts, say): nothing is lost, and it must not throw.
	pool.on('error', () => {});
	try {
		return await work(drizzlePg(pool, { schema: pgSchema }) as unknown as Db);
	} finally {
		await pool.end();
	}
}

/**
 * A reader's page cache (see openReader): SQLite's default 2 MB, beside the server's own connection's 64 MB
 * (openDatabase). A county's export peaked at 147-148 MB (CSV) and 153-155 MB (XLSX) with 8 MB, 140 and 145-147
 * with 2 MB, in the same time.
 */
const READER_CACHE_KIB = 2048;

/**
 * A connection for one long read, an export's pages say, and how to close it when the read is done. SQLite: a
 * read-only connection to the same file with a small page cache of its own. On the server's one connection, a
 * county's export filled that connection's 64 MB cache with pages read once, and the process kept them: 169 MB
 * (CSV) and 176 MB (XLSX) at its peak, against 118 and 123 MB on PostgreSQL. PostgreSQL (and a database in
 * memory, which a second connection would not see): `database` itself, and closing does nothing.
 */
export function openReader(database: Db = getDb()): { reader: Db; close: () => void } {
	const target = unwrap(database) as Db;
	if (engineOf(target) === 'postgres' || target.$client.memory) return { reader: target, close: () => {} };
	const client = new Database(target.$client.name, { readonly: true, fileMustExist: true });
	readers++;
	client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	client.pragma(`cache_size = -${READER_CACHE_KIB}`);
	const close = () => {
		if (!client.open) return;
		client.close();
		readers--;
	};
	return { reader: drizzle(client, { schema }) as Db, close };
}

let readers = 0;

/** How many connections openReader opened that are not closed yet (a test checks that exports close theirs). */
export function readersOpen(): number {
	return readers;
}

let instance: Db | undefined;

/** Opens the database the settings name: DATABASE_URL (PostgreSQL) when set, else the file DATABASE_PATH. */
export function openConfigured(): Db {
	const { databaseUrl, databasePath, databasePoolSize } = config();
	// The tables were chosen as the process started (engine.ts): a DATABASE_URL set or unset later cannot change them.
	if ((databaseUrl ? 'postgres' : 'sqlite') !== startEngine)
		throw new Error(
			`DATABASE_URL was ${databaseUrl ? 'set' : 'unset'} after the server had started on ${startEngine}: set it before the process starts.`
		);
	return databaseUrl ? openPostgres(databaseUrl, databasePoolSize) : openDatabase(databasePath);
}

/**
 * The process's database, opened on first use: `vite build` imports server modules for analysis,
 * and opening at import time would leave an empty database file behind.
 */
export function getDb(): Db {
	instance ??= openConfigured();
	return instance;
}

const closed = new WeakSet<object>();

/** Closes a database: its file, or its pool of connections (once: closing it again does nothing). */
export async function closeDatabase(database: Db): Promise<void> {
	const client = database.$client as object;
	if (closed.has(client)) return;
	closed.add(client);
	if (engineOf(database) === 'postgres') await asPostgres(database).$client.end();
	else database.$client.close();
}

/** Closes the process's database (tests and command-line tools). */
export async function closeDb(): Promise<void> {
	const open = instance;
	instance = undefined;
	if (open) await closeDatabase(open);
}

/** Replaces the process's database (tests use a fresh temporary one each). */
export async function setDb(next: Db): Promise<void> {
	await closeDb();
	instance = next;
}

/** The process's database; a thin forwarder so modules can `import { db }` yet open it lazily. */
export const db: Db = new Proxy({} as Db, {
	get: (_target, property) => {
		const real = getDb();
		const value = Reflect.get(real, property, real);
		return typeof value === 'function' ? value.bind(real) : value;
	}
});

/**
 * A map kept in this process for each database (a test's fresh one starts empty): what a module keeps of a
 * database's rows between requests. Each call gives the map of the process's database of the moment.
 */
export function perDatabase<K, V>(): () => Map<K, V> {
	const maps = new WeakMap<object, Map<K, V>>();
	return () => {
		const client = getDb().$client as object;
		let map = maps.get(client);
		if (!map) maps.set(client, (map = new Map()));
		return map;
	};
}

/** SQLite: the log syncer of the database's file (see logSyncer). */
const logSyncers = perDatabase<string, () => Promise<void>>();

/**
 * Resolves once what the process's database has committed is on the disk. PostgreSQL: at once, as a commit there
 * waits for its log (with `synchronous_commit` on, its default: see docs/operations.md). SQLite: once its log has
 * been synced, off this thread (see logSyncer); a database in memory has no disk.
 */
export function committedToDisk(): Promise<void> {
	const database = getDb();
	if (engineOf(database) === 'postgres') return Promise.resolve();
	const client = database.$client;
	if (client.memory) return Promise.resolve();
	const byFile = logSyncers();
	let sync = byFile.get(client.name);
	if (!sync) byFile.set(client.name, (sync = logSyncer(client.name)));
	return sync();
}

/** The real database behind the `db` forwarder (a transaction or a database is itself). */
function unwrap(database: Executor): Executor {
	return database === db ? getDb() : database;
}

/** SQLite: how deep in transactions each connection is (0 or absent: in none). */
const depths = new WeakMap<Database.Database, number>();

export class TransactionError extends Error {}

// SQLite: the process has one connection, and a transaction on it is the connection's state, so while one is open
// nothing else may run on it. Queries are awaited, and between two awaits of a transaction other requests' work
// (each a chain of promises) runs too: their queries would land inside the transaction, and be undone with it.
// So a transaction holds the connection's turn from BEGIN to COMMIT, and every query from outside it waits for
// the turn to end. Which work is inside is told by AsyncLocalStorage, which follows a transaction's awaits.
let holder: symbol | null = null;
const released: (() => void)[] = [];
const inside = new AsyncLocalStorage<symbol>();

/**
 * Runs `query` (synchronous: better-sqlite3) on the SQLite connection as soon as the caller may: at once, unless
 * another's transaction holds the connection. The last check and the query run together, with nothing between
 * them: a transaction that waited too takes the turn in a microtask of its own, which must not come between.
 */
export async function inSqliteTurn<T>(query: () => T): Promise<T> {
	while (holder !== null && inside.getStore() !== holder) await new Promise<void>((done) => released.push(done));
	return query();
}

function releaseTurn(): void {
	holder = null;
	for (const done of released.splice(0)) done();
}

// Every drizzle query runs when it is awaited (QueryPromise.then): on SQLite it first waits for its turn. Query
// builders and prepared statements alike are QueryPromises; PostgreSQL's are left alone (a pool of connections).
const run = QueryPromise.prototype.then;
QueryPromise.prototype.then = function <T, A, B>(
	this: QueryPromise<T>,
	onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
	onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null
): Promise<A | B> {
	if (holder === null || inside.getStore() === holder) return run.call(this, onFulfilled, onRejected) as Promise<A | B>;
	// drizzle runs a SQLite query synchronously as `then` is called: in the turn, right after its last check.
	return inSqliteTurn(() => run.call(this, onFulfilled, onRejected)) as Promise<A | B>;
};

/**
 * Runs `work` in a transaction that writes, and commits what it did; when `work` throws, undoes all of it and
 * throws again. Inside another transaction (`database` is one), it is a savepoint of it: undone alone on error.
 *
 * SQLite: the transaction holds the connection's turn (see inSqliteTurn) and takes the write lock as it begins
 * (BEGIN IMMEDIATE): in WAL mode a deferred one starts as a reader and, when another process has written since,
 * cannot become the writer: SQLite answers "database is locked" at once instead of waiting busy_timeout. Its
 * work should await nothing but its queries, which resolve at once: a transaction that waited for anything else
 * would keep the process's other requests, and the other processes' writes, waiting meanwhile. That is checked:
 * a transaction inside which the event loop turned is undone and fails.
 *
 * PostgreSQL: the transaction holds one connection of the pool (READ COMMITTED, PostgreSQL's default); work that
 * must not race with another server's takes its locks (dialect.ts: lockLearner).
 */
export async function writeTransaction<T>(work: (tx: Tx) => Promise<T>, database: Executor = getDb()): Promise<T> {
	const target = unwrap(database);
	if (engineOf(target) === 'postgres') {
		const run = () => asPostgres(target).transaction((tx) => work(tx as unknown as Tx)) as Promise<T>;
		// A savepoint inside a transaction already holds its slot.
		if ((target as unknown) instanceof PgTransaction) return run();
		const slot = slots.get(asPostgres(target).$client);
		if (!slot) return run();
		while (slot.free === 0) await new Promise<void>((done) => slot.waiting.push(done));
		slot.free--;
		try {
			return await run();
		} finally {
			slot.free++;
			slot.waiting.shift()?.();
		}
	}
	const nested = holder !== null && inside.getStore() === holder;
	if (nested) return sqliteTransaction(target, work, true);
	await takeTurn();
	try {
		return await inside.run(holder!, () => sqliteTransaction(target, work, true));
	} finally {
		releaseTurn();
	}
}

/** Waits for the SQLite connection's turn and takes it. */
async function takeTurn(): Promise<void> {
	while (holder !== null) await new Promise<void>((done) => released.push(done));
	holder = Symbol('transaction');
}

/** `begin`: whether to begin the transaction (false: the caller began it, at depth 0). */
async function sqliteTransaction<T>(database: Executor, work: (tx: Tx) => Promise<T>, begin: boolean): Promise<T> {
	const client = database.$client;
	const depth = depths.get(client) ?? 0;
	const savepoint = `zz_${depth}`;
	if (depth > 0) client.exec(`SAVEPOINT ${savepoint}`);
	else if (begin) client.exec('BEGIN IMMEDIATE');
	depths.set(client, depth + 1);
	let turned = false;
	const watch = depth === 0 ? setImmediate(() => (turned = true)) : undefined;
	try {
		const value = await work(database);
		if (turned)
			throw new TransactionError(
				'A SQLite transaction awaited something other than its queries (the event loop turned inside it): ' +
					'do that work before or after the transaction.'
			);
		client.exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
		return value;
	} catch (error) {
		if (client.inTransaction) {
			if (depth === 0) client.exec('ROLLBACK');
			else client.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
		}
		throw error;
	} finally {
		if (watch) clearImmediate(watch);
		depths.set(client, depth);
	}
}

/**
 * writeTransaction, but only if the write lock is free now: when another process holds it, answers
 * `{ taken: false }` at once instead of waiting. SQLite's wait blocks the process's only JavaScript thread (it
 * waits inside the call), so a caller that can come back later (the sync's write groups) serves pages and reads
 * requests meanwhile. Once the lock is taken, the work runs as in writeTransaction. PostgreSQL has no such lock
 * (rows are locked, not the database): there the work always runs.
 */
export async function tryWriteTransaction<T>(
	work: (tx: Tx) => Promise<T>,
	database: Executor = getDb()
): Promise<{ taken: true; value: T } | { taken: false }> {
	const target = unwrap(database);
	if (engineOf(target) === 'postgres') return { taken: true, value: await writeTransaction(work, target) };
	if (holder !== null && inside.getStore() === holder)
		return { taken: true, value: await writeTransaction(work, target) };
	await takeTurn();
	try {
		const client = target.$client;
		client.pragma('busy_timeout = 0');
		try {
			client.exec('BEGIN IMMEDIATE');
		} catch (error) {
			// SQLITE_BUSY, or one of its extended codes (another connection recovering the log, say).
			if (String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return { taken: false };
			throw error;
		} finally {
			client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
		}
		return { taken: true, value: await inside.run(holder!, () => sqliteTransaction(target, work, false)) };
	} finally {
		releaseTurn();
	}
}

/**
 * Statements built and prepared once per database connection, then run again with new values (drizzle's
 * `.prepare()` with `sql.placeholder`, run with `.execute(values)`): building a query and preparing it cost more
 * than running it. The statements are found by the connection under `database`, the database or a transaction on
 * it, so they run inside the caller's transaction; a test's fresh database gets its own. Build each statement
 * with prepare() below: PostgreSQL names its prepared statements.
 */
export function prepared<T>(build: (database: Executor) => T): (database: Executor) => T {
	const cache = new WeakMap<object, T>();
	return (database) => {
		const target = unwrap(database);
		// The connection under drizzle's handle (not in its types): the SQLite database; on PostgreSQL the pool, or
		// the pool's connection a transaction holds. A PostgreSQL transaction has a handle of its own, but its
		// statements only keep the connection: kept by connection, they are built once for all the transactions on
		// it (building them for every sync batch's transaction was a tenth of the server's CPU in the sync bench).
		const connection = (target as unknown as { session: { client: object } }).session.client;
		let statements = cache.get(connection);
		if (!statements) {
			statements = build(target);
			cache.set(connection, statements);
		}
		return statements;
	};
}

/**
 * `query.prepare()` under `name`, unique in the app ("module.what"): PostgreSQL keeps a connection's prepared
 * statements by name; SQLite's take none.
 */
export function prepare<Q extends { prepare(): unknown }>(query: Q, name: string): ReturnType<Q['prepare']> {
	return (query.prepare as (name?: string) => ReturnType<Q['prepare']>).call(query, name);
}
