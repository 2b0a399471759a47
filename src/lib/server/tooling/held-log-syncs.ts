// For tests of what waits for the database's log to reach the disk (db/wal.ts): syncs that end when the test says.
import { logFiles } from '../db/wal.ts';

/** The real sync of a log file, as the module gave it. */
export const realLogSync = logFiles.sync;

export interface HeldSync {
	path: string;
	end: () => void;
	fail: (error: Error) => void;
}

/** From now on every sync of a log waits until the test ends (or fails) it: the list fills as they are asked for. */
export function holdLogSyncs(): HeldSync[] {
	const syncs: HeldSync[] = [];
	logFiles.sync = (path) => new Promise<void>((end, fail) => syncs.push({ path, end, fail }));
	return syncs;
}

/** Puts the real syncing back (a test's afterEach). */
export function releaseLogSyncs(): void {
	logFiles.sync = realLogSync;
}

/** A short wait for work on other promises and timers to move on, in the tests' loops that wait on a condition. */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
