// How a SQLite file is switched to WAL when several processes open it at once, and how its log is put on the disk.
// A module of its own, loaded by the test that opens one new file from many threads.
import Database from 'better-sqlite3';
import { open } from 'node:fs/promises';

/** How long a connection waits for another process's write lock (busy_timeout). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Switches the file to WAL (on a file already in WAL, only reads it). Connections opening a new file at the same
 * moment (several server processes on a fresh install) each hold a shared lock while they wait for the exclusive
 * one the switch needs: SQLite then answers one of them "database is locked" at once, without its busy handler,
 * which could only wait for the other forever. That one lets go and tries again, until BUSY_TIMEOUT_MS has passed.
 */
export function useWal(client: Database.Database): void {
	const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
	const pause = new Int32Array(new SharedArrayBuffer(4));
	for (;;) {
		try {
			client.pragma('journal_mode = WAL');
			return;
		} catch (error) {
			const busy = error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
			if (!busy || Date.now() >= giveUpAt) throw error;
			// Opening is synchronous: a short sleep of this thread, a different length for each, so they part.
			Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
		}
	}
}

/**
 * How the log file is put on the disk: a file opened and fsynced on libuv's thread pool, never on the server's one
 * JavaScript thread (an object, so a test can put its own in). A log that is not there (no writes yet, or the last
 * connection checkpointed and removed it) has nothing to put on the disk.
 */
export const logFiles = {
	async sync(path: string): Promise<void> {
		let file;
		try {
			file = await open(path, 'r+');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
			throw error;
		}
		try {
			await file.sync();
		} finally {
			await file.close();
		}
	}
};

/**
 * A function that resolves once everything committed to the database file at `path` before the call is on the
 * disk. The app's connections run `synchronous = NORMAL`: a commit survives a crash of the process, but SQLite
 * syncs the log only at checkpoints, so a power cut could take the last commits back. The sync's answers tell a
 * phone it may delete its events (its only copy), and a form's tell a person it is saved: they wait for this first
 * (see sync/write-groups.ts, http/durable.ts). Commits do not sync the log themselves (`synchronous = FULL`), as
 * that would stop the JavaScript thread, and every page and batch waiting on it, for each fsync. Calls made while a
 * sync runs share the next one, which starts when it ends.
 */
export function logSyncer(path: string): () => Promise<void> {
	const log = `${path}-wal`;
	let running: Promise<void> | null = null;
	let next: Promise<void> | null = null;
	const sync = (): Promise<void> => {
		if (!running) {
			running = logFiles.sync(log).finally(() => {
				running = null;
			});
			return running;
		}
		// The sync running now may have begun before this caller's commit: a new one, for everyone who asks meanwhile.
		next ??= running
			.catch(() => {})
			.then(() => {
				next = null;
				return sync();
			});
		return next;
	};
	return sync;
}
