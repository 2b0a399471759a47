import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { resolve } from 'node:path';
import { checkDatabasePath, config } from '../config.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** A transaction on the database, as `db.transaction((tx) => …)` hands it over. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The database or a transaction on it, for functions that may run inside a transaction or outside one. Inside,
 * pass the transaction down rather than reaching for the global `db`: with better-sqlite3 both are one
 * connection, but with an asynchronous driver (PostgreSQL) the global one would run outside the transaction.
 */
export type Executor = Db | Tx;

/** `drizzle/` at the project root, found from here both in the source tree and in the built server. */
export const migrationsFolder = resolve(process.env.MIGRATIONS_PATH || 'drizzle');

/**
 * How a transaction that writes is run: writeTransaction (the default everywhere), or, for the sync's batches,
 * in a transaction shared with the others waiting at the same moment (sync/write-groups.ts).
 */
export type WriteRunner = <T>(work: (tx: Tx) => T) => T | Promise<T>;

/** How long a connection waits for another process's write lock (busy_timeout). */
const BUSY_TIMEOUT_MS = 5000;

/** Opens a database file with the pragmas the app relies on. */
export function openDatabase(path: string): Db {
	checkDatabasePath(path);
	const client = new Database(path);
	// Several server processes may share the file. Waiting comes first, so that even switching a new file to WAL
	// waits for another process's lock instead of failing. WAL lets readers go on while one process writes;
	// writers take turns (see writeTransaction), each waiting up to busy_timeout for the lock.
	client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	client.pragma('journal_mode = WAL');
	client.pragma('foreign_keys = ON');
	client.pragma('synchronous = NORMAL');
	// SQLite's own page cache is 2 MB by default, small beside a county's indexes: 64 MB per connection. Reading
	// the file through a memory map (mmap_size) was tried too and dropped: in one of nine two-process bench runs a
	// server process died of SIGBUS, the signal a mapped file gives when it changes under a reader.
	client.pragma('cache_size = -65536');
	const database = drizzle(client, { schema }) as Db;
	// Every transaction of the app takes the write lock as it begins unless it asks otherwise (see
	// writeTransaction for why): most of them read and then write, and with several processes on the file a
	// deferred one fails with "database is locked" instead of waiting. Nested ones are savepoints, unaffected.
	const transaction = database.transaction.bind(database);
	database.transaction = (work, options) => transaction(work, { behavior: 'immediate', ...options });
	return database;
}

/** Applies every migration in `drizzle/` that has not been applied yet. */
export function migrateDatabase(target: Db): void {
	migrate(target, { migrationsFolder });
}

let instance: Db | undefined;

/**
 * The process's database, opened on first use: `vite build` imports server modules for analysis,
 * and opening at import time would leave an empty database file behind.
 */
export function getDb(): Db {
	instance ??= openDatabase(config().databasePath);
	return instance;
}

/** Closes the process's database (tests and command-line tools). */
export function closeDb(): void {
	instance?.$client.close();
	instance = undefined;
}

/** Replaces the process's database (tests use a fresh temporary file each). */
export function setDb(next: Db): void {
	closeDb();
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
 * Runs `work` in a transaction that takes the write lock as it begins (SQLite's BEGIN IMMEDIATE). Use it for any
 * transaction that reads and then writes. In WAL mode a plain (deferred) transaction starts as a reader; when
 * another process has written since it began, it cannot become the writer, and SQLite answers "database is
 * locked" at once, without waiting busy_timeout. An immediate one waits its turn instead.
 */
export function writeTransaction<T>(work: (tx: Tx) => T, database: Db = getDb()): T {
	return database.transaction(work, { behavior: 'immediate' });
}

/**
 * writeTransaction, but only if the write lock is free now: when another process holds it, returns
 * `{ taken: false }` at once instead of waiting. writeTransaction's wait blocks the process's only JavaScript
 * thread (SQLite waits inside the call), so a caller that can come back later (the sync's write groups) serves
 * pages and reads requests meanwhile. Once the lock is taken, the work runs as in writeTransaction.
 */
export function tryWriteTransaction<T>(
	work: (tx: Tx) => T,
	database: Db = getDb()
): { taken: true; value: T } | { taken: false } {
	const client = database.$client;
	let began = false;
	client.pragma('busy_timeout = 0');
	try {
		const value = database.transaction(
			(tx) => {
				began = true;
				client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
				return work(tx);
			},
			{ behavior: 'immediate' }
		);
		return { taken: true, value };
	} catch (error) {
		// SQLITE_BUSY, or one of its extended codes (another connection recovering the log, say).
		if (!began && String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return { taken: false };
		throw error;
	} finally {
		if (!began) client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	}
}

/**
 * Statements built and prepared once per database connection, then run again with new values (drizzle's
 * `.prepare()` with `sql.placeholder`): building a query and preparing it cost more than running it. The
 * statements are found by the connection under `database`, the database or a transaction on it, so they run
 * inside the caller's transaction; a test's fresh database gets its own.
 */
export function prepared<T>(build: (database: Executor) => T): (database: Executor) => T {
	const cache = new WeakMap<object, T>();
	return (database) => {
		// drizzle's handle on the connection: one per database, shared by its transactions (not in its types).
		const connection = (database as unknown as { session: object }).session;
		let statements = cache.get(connection);
		if (!statements) {
			statements = build(database);
			cache.set(connection, statements);
		}
		return statements;
	};
}
