// Sync batches take turns, one at a time in each server process, and between two turns the event loop serves
// whatever else came in (input is read, timers run) before the next batch starts. A batch is background work to
// its phone; a page is a person waiting. Batches are applied one at a time anyway (the database takes one writer),
// so taking turns costs no throughput.
//
// A batch that finds no turn running still waits for the event loop's next round before it starts. Without that,
// under load the turns never took effect: a batch's whole request is read at once, so each one ran to its answer in
// the same round of input it arrived in; the answers brought the phones' next batches, all read in the following
// round, and so on. Measured in the sync bench (one process, 50 phones): the event loop went round once every
// 0.4 s, 50 batches a round, and a dashboard that arrived waited for all of them. Now it waits for one.

let busy = false;
const waiting: (() => void)[] = [];

/** Runs `work` when it is this caller's turn; turns go in arrival order. */
export async function inTurn<T>(work: () => T | Promise<T>): Promise<T> {
	if (busy) await new Promise<void>((resolve) => waiting.push(resolve));
	else {
		busy = true;
		// What the event loop read in the same round (a page's request) goes first.
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
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
