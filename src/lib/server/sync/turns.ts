// Sync batches take turns, one at a time in each server process, and between two turns the event loop serves
// whatever else came in (input is read, timers run) before the next batch starts. A batch is background work to
// its phone; a page is a person waiting. Batches are applied one at a time anyway (the database takes one writer),
// so taking turns costs no throughput. Measured in the sync bench (one process, 10 and 50 phones, two runs each):
// 10-20% more events per second and dashboards 10-30% quicker than with batches running as they came. Pages still
// wait for their turn at the CPU itself under full load: that is what several processes are for.

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
