// A throw-away PostgreSQL server for tests and tools: initdb into a temp folder of its own, listening on a unix
// socket there only (no TCP), fsync off, trust authentication for one superuser. Everything it has is lost when it
// stops, and it stops however this process ends: stop(), the process's exit, SIGINT/SIGTERM/SIGHUP, or a kill that
// runs no code at all (a watchdog process then notices the closed pipe, kills the server and removes its folder).
//
// Needs PostgreSQL's programs (initdb, postgres, psql, pg_isready): on PATH, or where Debian's `postgresql` package
// puts them. ZHIZHI_SKIP_POSTGRES=1 is the project's way to say "none here, skip what needs them" (SKIP_POSTGRES).
// PostgreSQL refuses to run as root: as root, every program runs as the `postgres` user (made by Debian's package),
// in the server's own folder, since the caller's folder (a checkout) may be closed to that user.
//
// Made to serve a whole test run: one server, and a database per test made from a migrated template with
// createDatabase(name, { template }) (a file copy: milliseconds), names from uniqueDatabaseName(). The databases
// can also be made and dropped from another process that only has the server's url (createDatabaseAt,
// dropDatabaseAt), as test workers would with a server a global setup started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	accessSync,
	chownSync,
	closeSync,
	constants,
	copyFileSync,
	existsSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	realpathSync,
	rmSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import pg from 'pg';

/** Where Debian's packages put each major version's programs (outside PATH): <this folder>/<version>/bin. */
const DEBIAN_POSTGRESQL = '/usr/lib/postgresql';
export const POSTGRES_TOOLS = ['initdb', 'postgres', 'psql', 'pg_isready'] as const;

/** ZHIZHI_SKIP_POSTGRES=1: skip what needs a PostgreSQL server (where its programs cannot be installed). */
export const SKIP_POSTGRES = process.env.ZHIZHI_SKIP_POSTGRES === '1';

/** The socket's name carries the port; with no TCP listener and a folder of its own, any number does. */
const PORT = 5432;
/** The one role, a superuser; trust authentication (only this machine's users reach the socket's folder). */
const USER = 'zhizhi';
/** How long the server may take to accept connections. */
const START_TIMEOUT_MS = 30_000;

const executable = (path: string) => {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
};

/** The folder holding all of PostgreSQL's programs: the first initdb on PATH, else Debian's newest version. */
export function findPostgres(): string | undefined {
	const candidates = (process.env.PATH ?? '')
		.split(delimiter)
		.filter(Boolean)
		.map((dir) => join(dir, 'initdb'));
	if (existsSync(DEBIAN_POSTGRESQL)) {
		const versions = readdirSync(DEBIAN_POSTGRESQL)
			.filter((v) => /^\d+(\.\d+)?$/.test(v))
			.sort((a, b) => Number(b) - Number(a));
		candidates.push(...versions.map((v) => join(DEBIAN_POSTGRESQL, v, 'bin', 'initdb')));
	}
	for (const initdb of candidates) {
		if (!executable(initdb)) continue;
		// A PATH entry may be a link to the real folder, which has the other programs (psql of the same version).
		const dir = dirname(realpathSync(initdb));
		if (POSTGRES_TOOLS.every((tool) => executable(join(dir, tool)))) return dir;
	}
	return undefined;
}

/** What to tell someone whose machine has no PostgreSQL; `purpose` says what the server was wanted for. */
export function postgresMissingMessage(purpose: string): string {
	return `PostgreSQL's programs (${POSTGRES_TOOLS.join(', ')}) were not found on PATH nor in ${DEBIAN_POSTGRESQL}/<version>/bin. ${purpose} Install them (Debian: apt-get install postgresql; .ci/run does so), or set ZHIZHI_SKIP_POSTGRES=1 to skip it.`;
}

/** As root, the `postgres` system user's ids: PostgreSQL will not run as root. */
function serverUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
	const uid = id('-u');
	const gid = id('-g');
	if (uid.status !== 0 || gid.status !== 0)
		throw new Error(
			'Running as root, and PostgreSQL refuses to run as root: the throw-away server runs as the `postgres` user, but there is none (Debian: apt-get install postgresql makes it).'
		);
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Stops the server (its process group) and removes its folder once this process is gone, however it went: killed
 * outright (SIGKILL), no exit listener runs, but the pipe to the watchdog closes.
 */
const WATCHDOG = `
const [group, dir] = process.argv.slice(1);
process.stdin.on('close', () => {
	try { process.kill(-Number(group), 'SIGKILL'); } catch {}
	require('node:fs').rmSync(dir, { recursive: true, force: true });
});
process.stdin.resume();
`;

// The caller's PG* variables (PGHOST, PGDATABASE, PGOPTIONS…) must not send psql elsewhere; the C locale exists
// everywhere.
const env: NodeJS.ProcessEnv = Object.fromEntries(
	Object.entries(process.env).filter(([name]) => !name.startsWith('PG') && !name.startsWith('LC_'))
);
env.LC_ALL = 'C';
env.LANG = 'C';

/** A database or role name this module puts in SQL: plain lower-case names only, so quoting is never a question. */
const NAME = /^[a-z_][a-z0-9_]{0,62}$/;
function checkName(name: string): string {
	if (!NAME.test(name)) throw new Error(`Not a plain database name (a-z, 0-9, _; at most 63): ${JSON.stringify(name)}`);
	return `"${name}"`;
}

let counter = 0;
/** A database name no other call (in this process or another) returns: prefix, process id, a counter, random. */
export function uniqueDatabaseName(prefix = 'test'): string {
	const name = `${prefix}_${process.pid}_${++counter}_${randomBytes(4).toString('hex')}`;
	checkName(name);
	return name;
}

/** A postgres:// URL node-postgres takes for the server whose socket is in `socketDir`. */
function socketUrl(socketDir: string, database: string): string {
	return `postgres://${USER}@localhost:${PORT}/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}`;
}

/** Runs one statement on the `postgres` database of the server at `url` (any database of it: its maintenance one). */
async function maintenance(url: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: url, database: 'postgres' });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

const createStatement = (name: string, template: string | undefined) =>
	// With a template: a file-by-file copy, which for a small database is faster than the default WAL_LOG strategy.
	template
		? `create database ${checkName(name)} template ${checkName(template)} strategy file_copy`
		: `create database ${checkName(name)}`;

/**
 * Makes a database on the server at `url` (any of its databases' URLs). With a template, a copy of it: nobody may
 * be connected to the template meanwhile (PostgreSQL refuses; see makeTemplate).
 */
export async function createDatabaseAt(url: string, name: string, options: { template?: string } = {}) {
	await maintenance(url, createStatement(name, options.template));
}

/** Drops a database of the server at `url`, ending its connections first; nothing if there is none. */
export async function dropDatabaseAt(url: string, name: string) {
	await maintenance(url, `drop database if exists ${checkName(name)} with (force)`);
}

export type PsqlResult = { status: number | null; stdout: string; stderr: string };

export interface ThrowawayPostgres {
	/** The server's folder: its data, its socket, its log. Removed when it stops. */
	readonly dir: string;
	/** The superuser every connection uses. */
	readonly user: string;
	/** A postgres:// URL for node-postgres (the socket's folder as ?host=), of a database of this server. */
	url(database: string): string;
	/** Makes a database; with a template, a copy of it (see createDatabaseAt). */
	createDatabase(name: string, options?: { template?: string }): Promise<void>;
	/** Drops a database, ending its connections first; nothing if there is none. */
	dropDatabase(name: string): Promise<void>;
	/**
	 * Makes a database a template: marked as one, its connections ended and no new ones allowed, so copies of it
	 * (createDatabase with { template }) never find it busy. Finish filling it first.
	 */
	makeTemplate(name: string): Promise<void>;
	/** A copy of a file where the server's user can read it (for psql -f); removed with the server. */
	copyIn(file: string): string;
	/** psql on a database (default `postgres`), stopping at the first error; unaligned, tuples only. Synchronous. */
	psql(args: string[], options?: { database?: string }): PsqlResult;
	/** One statement's output through psql; throws psql's message when it fails. Synchronous. */
	query(sql: string, options?: { database?: string }): string;
	/** Stops the server and removes its folder. */
	stop(): Promise<void>;
}

/** The servers of this process that still run, stopped at once when the process exits or gets a signal. */
const running = new Set<{ stopNow(): void }>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function stopAllNow() {
	for (const server of [...running]) server.stopNow();
}

function onSignal(signal: NodeJS.Signals) {
	stopAllNow();
	unwatchProcess();
	// Nobody else listening: die of the signal as the process would have without this listener.
	if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function watchProcess() {
	if (running.size > 0) return;
	process.on('exit', stopAllNow);
	for (const signal of SIGNALS) process.on(signal, onSignal);
}

function unwatchProcess() {
	process.off('exit', stopAllNow);
	for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Starts a throw-away PostgreSQL server and waits until it accepts connections. Throws, with the server's log,
 * when it does not start; with postgresMissingMessage when PostgreSQL's programs are not found.
 */
export async function startThrowawayPostgres(options: { maxConnections?: number } = {}): Promise<ThrowawayPostgres> {
	const bin = findPostgres();
	if (!bin) throw new Error(postgresMissingMessage('A throw-away PostgreSQL server was to be started.'));
	const owner = serverUser();
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-pg-'));
	const data = join(dir, 'data');
	const log = join(dir, 'server.log');
	let server: ChildProcess | undefined;
	let watchdog: ChildProcess | undefined;
	let stopped = false;

	const run = (tool: string, args: string[]): PsqlResult => {
		// In the server's folder: as the postgres user, the caller's folder may be closed to it (psql then complains).
		const result = spawnSync(join(bin, tool), args, { env, encoding: 'utf8', timeout: 60_000, cwd: dir, ...owner });
		if (result.error) throw result.error;
		return result;
	};

	const alive = () => !!server?.pid && server.exitCode === null && server.signalCode === null;

	const instance = {
		stopNow() {
			// Synchronous, for the process's exit: the server's whole process group at once.
			running.delete(instance);
			if (running.size === 0) unwatchProcess();
			stopped = true;
			if (alive()) {
				try {
					process.kill(-server!.pid!, 'SIGKILL');
				} catch {
					/* already gone */
				}
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
	watchProcess();
	running.add(instance);

	try {
		if (owner) chownSync(dir, owner.uid, owner.gid);
		const init = run('initdb', [
			'-D',
			data,
			'-U',
			USER,
			'--auth=trust',
			'--encoding=UTF8',
			'--locale=C',
			'--no-sync',
			'--no-instructions'
		]);
		if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}${init.stdout}`);
		const logFd = openSync(log, 'w');
		if (owner) chownSync(log, owner.uid, owner.gid);
		// Its own process group, so stopping it stops the postmaster and every backend at once.
		server = spawn(
			join(bin, 'postgres'),
			[
				'-D',
				data,
				'-p',
				String(PORT),
				'-k',
				dir,
				...['-c', 'listen_addresses='],
				...['-c', 'fsync=off'],
				...['-c', 'synchronous_commit=off'],
				...['-c', 'full_page_writes=off'],
				...['-c', `max_connections=${options.maxConnections ?? 20}`]
			],
			{ detached: true, stdio: ['ignore', logFd, logFd], env, cwd: dir, ...owner }
		);
		closeSync(logFd);
		watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(server.pid), dir], {
			detached: true,
			stdio: ['pipe', 'ignore', 'ignore']
		});
		// The watchdog must not keep this process alive, nor its pipe; it outlives nothing but this process.
		watchdog.unref();
		(watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
		const deadline = Date.now() + START_TIMEOUT_MS;
		for (;;) {
			if (!alive() || Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${readFileSync(log, 'utf8')}`);
			if (run('pg_isready', ['-q', '-h', dir, '-p', String(PORT), '-U', USER]).status === 0) break;
			await new Promise((r) => setTimeout(r, 50));
		}
	} catch (error) {
		instance.stopNow();
		watchdog?.stdin?.end();
		throw error;
	}

	const psql = (args: string[], { database = 'postgres' } = {}) =>
		run('psql', [
			'-X',
			'-h',
			dir,
			'-p',
			String(PORT),
			'-U',
			USER,
			'-d',
			database,
			'-v',
			'ON_ERROR_STOP=1',
			'-q',
			'-A',
			'-t',
			...args
		]);

	const url = (database: string) => socketUrl(dir, database);

	return {
		dir,
		user: USER,
		url,
		createDatabase: (name, createOptions) => createDatabaseAt(url('postgres'), name, createOptions),
		dropDatabase: (name) => dropDatabaseAt(url('postgres'), name),
		async makeTemplate(name) {
			const quoted = checkName(name);
			await maintenance(url('postgres'), `alter database ${quoted} with is_template true allow_connections false`);
			await maintenance(
				url('postgres'),
				`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`
			);
		},
		copyIn(file) {
			const copy = join(mkdtempSync(join(dir, 'in-')), basename(file));
			copyFileSync(file, copy);
			if (owner) {
				chownSync(dirname(copy), owner.uid, owner.gid);
				chownSync(copy, owner.uid, owner.gid);
			}
			return copy;
		},
		psql,
		query(sql, queryOptions) {
			const result = psql(['-c', sql], queryOptions);
			if (result.status !== 0) throw new Error(`psql failed (${result.status}): ${result.stderr}\n${sql}`);
			return result.stdout.trim();
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			const proc = server!;
			if (alive()) {
				const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
				// Immediate shutdown: nothing here is worth keeping. SIGKILL if it is not gone within seconds.
				process.kill(-proc.pid!, 'SIGQUIT');
				const timer = setTimeout(() => {
					try {
						process.kill(-proc.pid!, 'SIGKILL');
					} catch {
						/* gone meanwhile */
					}
				}, 5_000);
				await gone;
				clearTimeout(timer);
			}
			instance.stopNow();
			watchdog?.stdin?.end();
		}
	};
}
