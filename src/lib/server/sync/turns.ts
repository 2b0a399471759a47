// Sync batches take turns, one at a time in each server process, and between two turns the event loop serves
// whatever else came in. Without this, the batches that had arrived ran back to back, and a staff member's page or a
// learner's lesson waited behind all of them (half a second with 50 phones queued, seconds with 200). A batch is
// background work to its phone, which only waits to delete what it sent; a page is a person waiting.
// Batches are applied one at a time anyway (the database takes one writer), so taking turns costs no throughput.

let busy = false;
const waiting: (() => void)[] = [];

/** Runs `work` when it is this caller's turn; turns go in arrival order. */
export async function inTurn<T>(work: () => T | Promise<T>): Promise<T> {
	if (busy) await new Promise<void>((resolve) => waiting.push(resolve));
	busy = true;
	try {
		return await work();
	} finally {
		const next = waiting.shift();
		// The next turn after the event loop's next round of input and timers, not straight after this one.
		if (next) setImmediate(next);
		else busy = false;
	}
}
