// The WAL's checkpoints on a thread of their own. SQLite copies the write-ahead log back into the database file
// once it passes 1,000 pages, in whichever commit crosses the line, and that copy ends in an fsync of the file: on
// the county's database, in the evening, that stalled the server's one JavaScript thread every half second or
// so, and every page and batch waiting on it (about a third of the sync bench's time). A worker thread with its
// own connection checkpoints every second instead (PASSIVE: it never blocks a reader or the writer); the app's
// own connections keep a far larger threshold as a safety net, should this thread fall behind or stop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The app connections' threshold while a checkpointer runs: 10,000 pages (40 MB of log). */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/** What one checkpoint did: SQLite's answer to `PRAGMA wal_checkpoint(PASSIVE)`. */
export interface CheckpointResult {
	busy: number;
	/** Pages in the log. */
	log: number;
	/** Pages of it now in the database file. */
	checkpointed: number;
}

// Plain JavaScript for the worker (evaluated, so the built server needs no file of its own for it).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let stopped = false;
const tick = () => {
	if (stopped) return;
	try {
		const [row] = db.pragma('wal_checkpoint(PASSIVE)');
		if (workerData.report) parentPort.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
	} catch (error) {
		parentPort.postMessage({ error: String(error && error.message || error) });
	}
	setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', (message) => {
	if (message !== 'stop') return;
	stopped = true;
	db.close();
	parentPort.close();
});
setTimeout(tick, workerData.everyMs);
`;

export interface Checkpointer {
	stop(): Promise<void>;
}

/**
 * Starts checkpointing the database at `path` every `everyMs` on a worker thread. `onCheckpoint` hears each result
 * (tests). The thread does not keep the process alive; an error is logged and the next tick tries again.
 */
export function startCheckpointer(
	path: string,
	{ everyMs = 1000, onCheckpoint }: { everyMs?: number; onCheckpoint?: (result: CheckpointResult) => void } = {}
): Checkpointer {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs, driver, report: !!onCheckpoint } });
	worker.unref();
	worker.on('message', (message: CheckpointResult | { error: string }) => {
		if ('error' in message) console.error(`[zhizhi] WAL checkpoint failed: ${message.error}`);
		else onCheckpoint?.(message);
	});
	worker.on('error', (error) => console.error(`[zhizhi] The WAL checkpoint thread stopped: ${error.message}`));
	return {
		stop: () =>
			new Promise((resolve) => {
				worker.once('exit', () => resolve());
				worker.postMessage('stop');
			})
	};
}
