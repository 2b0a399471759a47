// How a SQLite file is switched to WAL when several processes open it at once. A module of its own, loaded by the
// test that opens one new file from many threads.
import Database from 'better-sqlite3';

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
