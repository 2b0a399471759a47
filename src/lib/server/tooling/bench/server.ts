import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openPostgres, type Db } from '../../db/index.ts';

export interface BenchServer {
	origin: string;
	/** The server process, for memory readings. */
	pid?: number;
	/** The SQLite file the server keeps its data in, or the postgres:// URL of its PostgreSQL database. */
	database: string;
	stop: () => Promise<void>;
}

/** The bench servers running: stopped when the bench's process ends, however it ends. */
const running = new Set<ChildProcess>();
let watching = false;
function stopAllNow() {
	for (const child of running) child.kill();
}
function onSignal(signal: NodeJS.Signals) {
	stopAllNow();
	process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Whether a bench database is a PostgreSQL one (a postgres:// URL) rather than a SQLite file. */
export const isPostgresUrl = (database: string) => /^postgres(ql)?:\/\//.test(database);

/** A connection of the bench's own to the database a bench server runs on (close it with closeDatabase). */
export function openBenchDatabase(database: string): Db {
	return isPostgresUrl(database) ? openPostgres(database, 4) : openDatabase(database);
}

/** How to run the bench server, beyond the defaults of `node build`. */
export interface BenchServerOptions {
	/** Extra settings for the server (e.g. raised sync limits). */
	env?: Record<string, string>;
	/** Serve through `npm start`'s entry with this many processes (WEB_CONCURRENCY) instead of `node build`. */
	processes?: number;
	/** Keep the server's error output (to count what it logged) instead of passing it through. */
	onStderr?: (text: string) => void;
}

/**
 * Starts the production build on a throw-away copy of the demo data (a SQLite file), or on `database` when given:
 * a SQLite file, or a PostgreSQL database's postgres:// URL. A benchmark so measures what users get. Requires
 * `npm run build` first.
 */
export async function startBenchServer(
	port = 4310,
	database?: string,
	options: BenchServerOptions = {}
): Promise<BenchServer> {
	if (!existsSync('build/index.js')) throw new Error('No build found: run `npm run build` first.');
	// Left over from a run that did not stop its servers, or someone else's: the bench would measure that one.
	if (
		await fetch(`http://127.0.0.1:${port}/healthz`).then(
			() => true,
			() => false
		)
	)
		throw new Error(`Something already answers on port ${port}: stop it, or choose another port.`);
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-bench-'));
	const postgres = database !== undefined && isPostgresUrl(database);
	const dbPath = postgres ? join(dir, 'unused.db') : (database ?? join(dir, 'bench.db'));
	const origin = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		DATABASE_PATH: dbPath,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		...options.env,
		...(options.processes ? { WEB_CONCURRENCY: String(options.processes) } : {})
	};
	// The server runs on the database it is given: PostgreSQL only when that is a URL.
	if (postgres) env.DATABASE_URL = database;
	else delete env.DATABASE_URL;
	if (database === undefined) {
		const seeded = spawnSync('npx', ['tsx', 'src/lib/server/cli/seed.ts', '--demo', '--fresh'], {
			env,
			stdio: 'ignore'
		});
		if (seeded.status !== 0) throw new Error('Seeding the bench database failed.');
	}
	const entry = options.processes ? 'src/lib/server/cli/serve.js' : 'build';
	// BENCH_CPU_PROF=<dir>: each server process writes a CPU profile there when it exits (to see where time goes).
	const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
	const child: ChildProcess = spawn(process.execPath, [...profile, entry], {
		env,
		stdio: ['ignore', 'ignore', options.onStderr ? 'pipe' : 'inherit']
	});
	// A bench that ends early (an error, ^C) must not leave its servers holding the port and the database.
	if (!watching) {
		watching = true;
		process.on('exit', stopAllNow);
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
	}
	running.add(child);
	child.once('exit', () => running.delete(child));
	if (options.onStderr) child.stderr!.on('data', (chunk: Buffer) => options.onStderr!(chunk.toString()));
	let exited = false;
	child.once('exit', () => (exited = true));
	// Up to a minute: several processes start one after the other on a busy machine.
	for (let i = 0; i < 600 && !exited; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) break;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	// A server that did not start must not pass for one: another process answering on the port, say.
	if (exited) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`The bench server on port ${port} did not start (see its output above).`);
	}
	return {
		origin,
		pid: child.pid,
		database: database ?? dbPath,
		stop: async () => {
			child.kill();
			await new Promise((r) => child.once('exit', r));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

/** Times `count` sequential GETs of `url` (ms), with the headers a phone browser sends. */
export async function timeRequests(
	url: string,
	count: number,
	headers: Record<string, string> = {}
): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		const start = performance.now();
		const response = await fetch(url, { headers: { 'accept-encoding': 'br, gzip', ...headers } });
		await response.arrayBuffer();
		if (!response.ok) throw new Error(`${url}: ${response.status}`);
		times.push(performance.now() - start);
	}
	return times;
}
