// npm start — the production build (build/, adapter-node) in several processes on one port and one database.
// Plain JavaScript so a release runs it with Node alone (no tsx, no build step of its own).
//
// Why several: one Node process runs every request on one core, so a township dashboard waits behind the
// evening's sync batches. SQLite in WAL mode lets readers run beside the one writer across processes, so each
// worker opens the same database file. WEB_CONCURRENCY sets how many workers (default: the machine's cores;
// 1 runs the build in this process, exactly like `node build`).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const buildEntry = fileURLToPath(new URL('../../../../build/index.js', import.meta.url));

// Phones on slow networks behind a proxy: Node's defaults (5 s keep-alive) close an idle connection just as the
// proxy reuses it, which the phone sees as a reset. Keep connections longer than the proxy does (nginx and most
// load balancers: 60 s), and wait for headers a little longer still (Node requires headers > keep-alive).
// adapter-node reads both, in seconds; a value already set wins.
process.env.KEEP_ALIVE_TIMEOUT ||= '65';
process.env.HEADERS_TIMEOUT ||= '66';
process.env.BODY_SIZE_LIMIT ||= '6291456';

/** Workers to run: WEB_CONCURRENCY, else one per core. */
function workerCount() {
	const raw = process.env.WEB_CONCURRENCY;
	if (raw === undefined || raw === '') return availableParallelism();
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		console.error(`[zhizhi] WEB_CONCURRENCY="${raw}" is not a number of processes: set it to 1 or more.`);
		process.exit(1);
	}
	return Number(raw);
}

/** Runs the build's server in this process; REQUEST_TIMEOUT (seconds) bounds a whole request (Node: 300). */
async function serveHere() {
	const { server } = await import(buildEntry);
	const seconds = process.env.REQUEST_TIMEOUT;
	// adapter-node has no setting for it; Node reads the property for every check, so setting it now is in time.
	if (seconds && /^\d+$/.test(seconds)) server.server.requestTimeout = Number(seconds) * 1000;
}

if (cluster.isWorker) {
	// adapter-node drains on SIGTERM and then emits this; a worker's open channel to the primary would otherwise
	// keep it running after its server closed.
	process.on('sveltekit:shutdown', () => process.exit(0));
	await serveHere();
} else {
	const count = workerCount();
	if (count === 1) await serveHere();
	else await runPrimary(count);
}

/** @param {number} count */
async function runPrimary(count) {
	const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT || 30);
	let stopping = false;

	/** @returns {Promise<import('node:cluster').Worker>} a worker, once it listens (or the primary exits). */
	const start = () =>
		new Promise((resolve) => {
			const worker = cluster.fork();
			let listening = false;
			worker.once('listening', () => {
				listening = true;
				resolve(worker);
			});
			worker.once('exit', (code, signal) => {
				if (stopping) return;
				if (code === 0) {
					// Drained on purpose (a service manager signals every process of the group at once): not a crash.
					if (!Object.values(cluster.workers ?? {}).some((w) => w && !w.isDead())) process.exit(0);
					return;
				}
				if (!listening) {
					// It could not start (a bad setting, a database it cannot open): starting it again would fail
					// the same way, over and over. Its own message said why.
					console.error(`[zhizhi] A server process failed to start (exit ${code ?? signal}); stopping.`);
					stopAll(1);
					return;
				}
				console.error(`[zhizhi] A server process ended (${code ?? signal}); starting another.`);
				void start();
			});
		});

	/** @param {number} exitCode */
	const stopAll = (exitCode) => {
		if (stopping) return;
		stopping = true;
		const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
		if (workers.length === 0) process.exit(exitCode);
		let left = workers.length;
		for (const worker of workers) {
			worker.once('exit', () => {
				if (--left === 0) process.exit(exitCode);
			});
			// Each worker finishes the requests it has (adapter-node's graceful shutdown), then exits.
			worker.process.kill('SIGTERM');
		}
		setTimeout(
			() => {
				for (const worker of workers) worker.process.kill('SIGKILL');
			},
			(shutdownSeconds + 5) * 1000
		).unref();
	};
	for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) process.on(signal, () => stopAll(0));

	// Each worker collects its garbage on its own thread. V8's default hands a collection to helper threads, one
	// per core: useful to a process alone on its machine, but here every core already runs a worker (and often
	// the database), so the helpers only take turns with the others. Sync bench, two workers on two cores: 1–5%
	// more events a second on PostgreSQL, no change on SQLite. NODE_GC_THREADS=parallel keeps V8's default.
	if (process.env.NODE_GC_THREADS !== 'parallel' && count >= availableParallelism())
		cluster.setupPrimary({ execArgv: [...process.execArgv, '--single-threaded-gc'] });
	// One worker first: it applies migrations and makes the key files beside the database while no other
	// process is starting, so the others find everything done (the key files are made safely either way).
	await start();
	await Promise.all(Array.from({ length: count - 1 }, start));
	console.log(`[zhizhi] ${count} server processes share the port.`);
}
