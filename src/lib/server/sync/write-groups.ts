// Group commit for sync batches. Batches that are waiting to write at the same moment go into one write
// transaction together, each in a savepoint of its own, and are answered after the one commit.
//
// Why: with SQLite, every write transaction is a turn at the database's one write lock and a commit, and with
// several server processes each turn also empties the other processes' page caches. At the evening peak dozens of
// phones wait at once, so one turn for a group of them costs far less than one each. Each batch is still its own
// unit: an error in one rolls back its savepoint only, and the others commit. A batch is answered only once the
// commit that holds it is on the disk, so an answer never reports what could still be lost, even to a power cut.
//
// A group runs in a sync turn (see turns.ts), so pages are served between two groups. It takes batches until it
// has written for 30 ms (or holds 64), so a page waits for about that long, however many phones wait; the
// batches are then answered one per round of the event loop, with pages in between, once the commit is on the disk
// (see committedToDisk: synced off the JavaScript thread, while the next group writes). When another server
// process holds the write lock, the group does not wait for it inside SQLite (which would stop this process's one
// JavaScript thread): it tries again shortly, and the process serves pages and reads batches meanwhile.
import { committedToDisk, engineOf, tryWriteTransaction, writeTransaction, type Tx } from '../db/index.ts';
import { inTurn } from './turns.ts';

/** What a group takes: at most `batches`, and no more once it has written for `ms` (what a page may wait for). */
export const groupLimits = { batches: 64, ms: 30 };
/** How soon a group tries again for a write lock that another process holds. */
const RETRY_MS = 1;
/** After this long without the lock, a group waits for it inside SQLite (its busy timeout) like any writer. */
const PATIENCE_MS = 2000;

interface Job {
	work: (tx: Tx) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const queue: Job[] = [];
let scheduled = false;
/** When the group now waiting first found the lock taken; null when it has not. */
let waitingSince: number | null = null;

/**
 * Runs `work` inside a write transaction shared with the other batches waiting now, in a savepoint of its own.
 * Resolves after the commit with what `work` returned; rejects when `work` throws (its savepoint undone, the
 * others kept) or when the commit fails (then every batch of the group rejects, and their phones send again).
 */
export function inWriteGroup<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
	// PostgreSQL locks rows, not the database: each batch takes a transaction (and a connection) of its own, and
	// batches of different learners write side by side.
	if (engineOf() === 'postgres') return writeTransaction(work);
	return new Promise<T>((resolve, reject) => {
		queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
		schedule();
	});
}

function schedule(): void {
	if (scheduled) return;
	scheduled = true;
	void inTurn(runGroup);
}

/** Takes the waiting batches, up to groupLimits, and writes them in one transaction. */
async function runGroup(): Promise<void> {
	scheduled = false;
	if (queue.length === 0) return;
	const group: Job[] = [];
	const settled: (() => void)[] = [];
	const writeAll = async (tx: Tx) => {
		group.length = 0;
		settled.length = 0;
		const start = performance.now();
		for (const job of queue) {
			const full = group.length >= groupLimits.batches || performance.now() - start >= groupLimits.ms;
			if (group.length > 0 && full) break;
			group.push(job);
			try {
				const value = await writeTransaction(async (savepoint) => job.work(savepoint), tx);
				settled.push(() => job.resolve(value));
			} catch (error) {
				settled.push(() => job.reject(error));
			}
		}
	};
	let committed = false;
	try {
		const patient = waitingSince !== null && performance.now() - waitingSince > PATIENCE_MS;
		if (patient) await writeTransaction(writeAll);
		else if (!(await tryWriteTransaction(writeAll)).taken) {
			// Another process is writing: try again soon, outside the turn, so pages and requests go on meanwhile.
			waitingSince ??= performance.now();
			scheduled = true;
			setTimeout(() => void inTurn(runGroup), RETRY_MS);
			return;
		}
		committed = true;
	} catch (error) {
		// Taking the lock or the commit failed: nothing of the group was written. (When it failed before any batch
		// ran, the group is the first batch alone: the others stay queued for the next turn.)
		if (group.length === 0) group.push(queue[0]);
		settled.length = 0;
		for (const job of group) settled.push(() => job.reject(error));
	}
	waitingSince = null;
	queue.splice(0, group.length);
	// Batches that arrived while this group wrote go in the next turn, after the pages that came in meanwhile.
	if (queue.length > 0) schedule();
	if (committed) {
		// An answer lets the phone delete its events: not before the commit is on the disk, which a power cut would
		// otherwise take back (see committedToDisk). The next group writes meanwhile.
		committedToDisk().then(
			() => settleInTurns(settled),
			(error) => settleInTurns(group.map((job) => () => job.reject(error)))
		);
	} else settleInTurns(settled);
}

/** Answers the group's batches one per round of the event loop, so pages that came in are served in between. */
function settleInTurns(settled: (() => void)[]): void {
	const next = settled.shift();
	if (!next) return;
	next();
	if (settled.length > 0) setImmediate(() => settleInTurns(settled));
}
