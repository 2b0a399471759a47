// The evening peak on the 100,000-learner county (`npm run bench:seed`): phones send their outboxes to /api/sync in
// batches of 50 events while township staff and the county open their dashboards. Every batch is what a phone
// really sends: a learner's lessons of one course, practice answers, and the course's exam handed in on a ticket
// the server gave that learner (through the same endpoint that saves a course for offline use).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, asc, count, eq, inArray, like, notExists, sql, type SQL } from 'drizzle-orm';
import { sessionIdFromToken, SESSION_LIFETIME_MS } from '../../auth/session.ts';
import { first, rawRows } from '../../db/dialect.ts';
import { closeDatabase, engineOf, type Db } from '../../db/index.ts';
import { examAttempts, learningEvents, sessions, users } from '../../db/schema.ts';
import { newEventId } from '../../../sync/event-id.ts';
import type { ExamAnswers, SyncEvent } from '../../../sync/protocol.ts';
import { benchCourses } from './bench-seed.ts';
import { ensureBenchAccounts } from './records.ts';
import { openBenchDatabase, percentile, timeRequests, type BenchServer } from './server.ts';

export const SYNC_LEVELS = [1, 10, 50, 200];
const EVENTS_PER_BATCH = 50;
const MIN_BATCHES = 1200;
/**
 * Batches sent before the levels and not counted: a server at the evening peak has been up all day, its code
 * optimised by V8 and its database connections' caches filled, and a server just started has not. Measured on
 * PostgreSQL with two servers, 200 phones a level: the first four levels of 1,200 batches went at 7,400, 9,800,
 * 11,000 and 11,000 events a second, and V8's compiler took 12% of the machine in the first and 3% in the fourth.
 */
export const SYNC_WARMUP_BATCHES = 3600;
/** Phones at once while warming up: the busiest level's tail matters less than that every path has run often. */
const WARMUP_PHONES = 50;

/** One phone's learner: signed in, with a ticket for one course's exam. */
interface Phone {
	userId: number;
	cookie: string;
	courseSlug: string;
	lessons: string[];
	version: string;
	ticket: string;
	answers: ExamAnswers;
	/** Made once, so the duplicates round sends exactly what was sent before. */
	batch?: SyncEvent[];
}

interface Sent {
	ms: number;
	status: number;
	/** The network error's code when there was no answer. */
	error?: string;
	results?: { status: string; reason?: string }[];
}

/** Sessions for `count` learners not used by an earlier run (the bench changes its database as phones would). */
async function signInFreshLearners(db: Db, count: number): Promise<{ userId: number; cookie: string }[]> {
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.where(
			and(
				eq(users.role, 'learner'),
				like(users.username, 'b%'),
				notExists(
					db
						.select({ one: sql`1` })
						.from(sessions)
						.where(eq(sessions.userId, users.id))
				)
			)
		)
		.orderBy(asc(users.id))
		.limit(count);
	if (rows.length < count) throw new Error(`The bench county has only ${rows.length} unused learners left.`);
	// The seeded learners have not set a password yet; a session with that flag may only change it.
	await db
		.update(users)
		.set({ mustChangePassword: false })
		.where(
			inArray(
				users.id,
				rows.map((r) => r.id)
			)
		);
	const signedIn = [];
	for (const { id } of rows) {
		const token = randomUUID().replaceAll('-', '');
		await db
			.insert(sessions)
			.values({ id: sessionIdFromToken(token), userId: id, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) });
		signedIn.push({ userId: id, cookie: `session=${token}` });
	}
	return signedIn;
}

/** A session cookie for an account of the bench (staff or admin), without a password round trip. */
async function sessionFor(db: Db, username: string): Promise<string> {
	const { id } = (await first(db.select({ id: users.id }).from(users).where(eq(users.username, username))))!;
	const token = randomUUID().replaceAll('-', '');
	await db
		.insert(sessions)
		.values({ id: sessionIdFromToken(token), userId: id, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) });
	return `session=${token}`;
}

/** Each learner saves one course for offline use, as a phone does: that gives the exam ticket. */
async function preparePhones(server: BenchServer, db: Db, count: number): Promise<Phone[]> {
	const courses = benchCourses().filter((c) => c.questions.length > 0);
	const learners = await signInFreshLearners(db, count);
	const phones: Phone[] = [];
	for (let i = 0; i < learners.length; i += 10) {
		const group = learners.slice(i, i + 10).map(async ({ userId, cookie }, j) => {
			const course = courses[(i + j) % courses.length];
			const response = await fetch(`${server.origin}/courses/${course.slug}/offline.json`, { headers: { cookie } });
			const list = (await response.json()) as {
				version: string;
				ticket: { token: string; questions: { id: string; options: { id: string }[] }[] } | null;
			};
			if (!list.ticket) throw new Error(`No exam ticket for learner ${userId} in ${course.slug}.`);
			phones.push({
				userId,
				cookie,
				courseSlug: course.slug,
				lessons: course.lessons,
				version: list.version,
				ticket: list.ticket.token,
				answers: Object.fromEntries(list.ticket.questions.map((q) => [q.id, [q.options[0].id]]))
			});
		});
		await Promise.all(group);
	}
	return phones;
}

/** 50 events: every lesson of the course, practice answers, and the exam last (events are applied in time order). */
function batchFor(phone: Phone): SyncEvent[] {
	const start = Date.now() - 10 * 60_000;
	const base = { userId: phone.userId, courseSlug: phone.courseSlug, contentVersion: phone.version };
	const at = (i: number) => new Date(start + i * 1000).toISOString();
	const events: SyncEvent[] = phone.lessons.map((lessonSlug, i) => ({
		...base,
		id: newEventId(),
		kind: 'lesson_completed',
		lessonSlug,
		clientAt: at(i)
	}));
	while (events.length < EVENTS_PER_BATCH - 1) {
		const i = events.length;
		events.push({
			...base,
			id: newEventId(),
			kind: 'practice_answer',
			lessonSlug: phone.lessons[i % phone.lessons.length],
			payload: { questionId: `q${i % 4}`, chosen: ['a'], correct: i % 3 !== 0 },
			clientAt: at(i)
		});
	}
	events.push({
		...base,
		id: newEventId(),
		kind: 'exam_attempt',
		payload: { ticket: phone.ticket, answers: phone.answers, startedAt: at(events.length) },
		clientAt: at(events.length + 1)
	});
	return events;
}

function send(server: BenchServer, agent: http.Agent, phone: Phone): Promise<Sent> {
	const body = JSON.stringify({ events: phone.batch });
	const url = new URL('/api/sync', server.origin);
	const start = performance.now();
	return new Promise((resolve) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent,
				// Long enough that a queue shows as latency rather than as lost requests.
				timeout: 300_000,
				headers: {
					origin: server.origin,
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					cookie: phone.cookie
				}
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (c: Buffer) => chunks.push(c));
				response.on('end', () => {
					const ms = performance.now() - start;
					let results: Sent['results'];
					try {
						results = JSON.parse(Buffer.concat(chunks).toString()).results;
					} catch {
						results = undefined;
					}
					resolve({ ms, status: response.statusCode ?? 0, results });
				});
				response.on('error', (e: NodeJS.ErrnoException) =>
					resolve({ ms: performance.now() - start, status: 0, error: e.code ?? e.message })
				);
			}
		);
		request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
		request.on('error', (e: NodeJS.ErrnoException) =>
			resolve({ ms: performance.now() - start, status: 0, error: e.code ?? e.message })
		);
		request.end(body);
	});
}

/** A probe opens its dashboard this often: it samples the page's time, it is not a load of its own. */
const PROBE_EVERY_MS = 500;

/**
 * Times GETs of a page, one started every PROBE_EVERY_MS (or as soon as the last answered, when slower), until
 * `done` says stop. Back to back, two probes would be two dashboards reloaded several times a second, a load
 * no township makes, and their own queries would be what the sync waits behind.
 */
async function probe(url: string, cookie: string, done: () => boolean): Promise<number[]> {
	const times: number[] = [];
	while (!done()) {
		const start = performance.now();
		// A page that fails or never answers (fetch gives up after 5 minutes) is left out of the times.
		let ok = false;
		try {
			const response = await fetch(url, { headers: { cookie, 'accept-encoding': 'br, gzip' } });
			await response.arrayBuffer();
			ok = response.ok;
		} catch {
			/* no answer */
		}
		if (ok) times.push(performance.now() - start);
		const rest = PROBE_EVERY_MS - (performance.now() - start);
		if (rest > 0 && !done()) await new Promise((resolve) => setTimeout(resolve, rest));
	}
	return times;
}

/** The server's processes: the one started and, with several, its workers. */
function serverPids(pid: number): number[] {
	try {
		const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
		return [pid, ...children.map(Number)];
	} catch {
		return [pid];
	}
}

const procNumber = (pid: number, field: RegExp) => {
	try {
		return Number(field.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
	} catch {
		return 0;
	}
};

/** CPU seconds the server's processes have used (Linux; 0 elsewhere). */
function cpuSeconds(pid: number): number {
	let ticks = 0;
	for (const p of serverPids(pid)) {
		try {
			const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			/* gone */
		}
	}
	return ticks / 100;
}

/** A PostgreSQL server process's CPU seconds (Linux), or null when it is gone or not on this machine. */
function postgresCpu(pid: number): number | null {
	try {
		if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) return null;
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

/**
 * PostgreSQL: the CPU seconds its server processes for the bench's database spent from now until stop(), when
 * the server runs on this machine (null otherwise, and on SQLite, whose work is done in the app's own processes).
 * The connections are looked up every 250 ms; a connection that closes in between loses what it spent since the
 * last look (the servers' pools keep theirs open while busy).
 */
function databaseCpu(db: Db): { stop: () => Promise<number | null> } {
	if (engineOf(db) !== 'postgres') return { stop: async () => null };
	const atStart = new Map<number, number>();
	const latest = new Map<number, number>();
	let looks = 0;
	const look = async () => {
		const rows = await rawRows<{ pid: number }>(
			db,
			sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
		).catch(() => []);
		for (const { pid } of rows) {
			const cpu = postgresCpu(pid);
			if (cpu === null) continue;
			// A connection first seen after the first look was opened during the level: counted from zero.
			if (!atStart.has(pid)) atStart.set(pid, looks === 0 ? cpu : 0);
			latest.set(pid, cpu);
		}
		looks++;
	};
	let looking = look();
	const timer = setInterval(() => {
		looking = looking.then(look);
	}, 250);
	return {
		stop: async () => {
			clearInterval(timer);
			await looking;
			await look();
			if (latest.size === 0) return null;
			let total = 0;
			for (const [pid, cpu] of latest) total += cpu - atStart.get(pid)!;
			return total;
		}
	};
}

const round = (n: number) => +n.toFixed(0);
const stats = (times: number[]) => ({
	n: times.length,
	p50: round(percentile(times, 50)),
	p95: round(percentile(times, 95))
});

interface LevelResult {
	phones: number;
	batches: number;
	appliedEvents: number;
	duplicateEvents: number;
	eventsPerSecond: number;
	/** Applied events per CPU second of the app's processes and, on PostgreSQL (here), of its database's. */
	eventsPerCpuSecond: number | null;
	/** PostgreSQL (on this machine): the CPU seconds its processes spent on the level. */
	databaseCpuSeconds: number | null;
	clientCpuShare: number;
	batchMs: { p50: number; p95: number; p99: number };
	errors: { databaseLocked: number; connectionReset: number; other: number; otherKinds: Record<string, number> };
	rejectedEvents: Record<string, number>;
	staffDashboardMs: ReturnType<typeof stats>;
	countyDashboardMs: ReturnType<typeof stats>;
	serverRssMB: number;
}

/**
 * Sends every phone's batch with `concurrency` phones at a time (each phone its own connection, kept alive),
 * probing a township's dashboard and the county's meanwhile.
 */
async function runLevel(
	server: BenchServer,
	phones: Phone[],
	concurrency: number,
	probes: { staff: string; admin: string },
	lockedSoFar: () => number,
	db: Db
): Promise<LevelResult> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	// The connections are open before the level starts, as a proxy's kept-alive connections to the app are (phones
	// reach the app through one: see the README). Opened all at once by a saturated server instead, a burst of new
	// connections is accepted one by one over seconds, and those batches alone set the level's p95.
	await Promise.all(
		Array.from(
			{ length: concurrency },
			() =>
				new Promise<void>((resolve, reject) =>
					http
						.get(new URL('/healthz', server.origin), { agent }, (response) => response.resume().on('end', resolve))
						.on('error', reject)
				)
		)
	);
	const queue = [...phones];
	const sent: Sent[] = [];
	let finished = false;
	const lockedBefore = lockedSoFar();
	const cpuBefore = server.pid ? cpuSeconds(server.pid) : 0;
	const database = databaseCpu(db);
	const clientCpuBefore = process.cpuUsage();
	const start = performance.now();
	const staffProbe = probe(`${server.origin}/staff/records`, probes.staff, () => finished);
	const countyProbe = probe(`${server.origin}/admin/records`, probes.admin, () => finished);
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let phone = queue.shift(); phone; phone = queue.shift()) sent.push(await send(server, agent, phone));
		})
	);
	const seconds = (performance.now() - start) / 1000;
	const cpu = server.pid ? cpuSeconds(server.pid) - cpuBefore : 0;
	const databaseCpuSeconds = await database.stop();
	const clientCpu = process.cpuUsage(clientCpuBefore);
	finished = true;
	const [staffTimes, countyTimes] = await Promise.all([staffProbe, countyProbe]);
	agent.destroy();
	const rejected: Record<string, number> = {};
	const otherKinds: Record<string, number> = {};
	let applied = 0;
	let duplicates = 0;
	let resets = 0;
	for (const s of sent) {
		if (s.error === 'ECONNRESET' || s.error === 'socket hang up' || s.error === 'EPIPE') resets++;
		else if (s.error || s.status !== 200) {
			const kind = s.error ?? `HTTP ${s.status}`;
			otherKinds[kind] = (otherKinds[kind] ?? 0) + 1;
		}
		for (const r of s.results ?? []) {
			if (r.status === 'applied') applied++;
			else if (r.status === 'duplicate') duplicates++;
			else if (r.status === 'rejected') rejected[r.reason ?? '?'] = (rejected[r.reason ?? '?'] ?? 0) + 1;
		}
	}
	// A locked database is a 500 whose cause only the server's log names.
	const locked = Math.min(lockedSoFar() - lockedBefore, otherKinds['HTTP 500'] ?? 0);
	if (locked) {
		otherKinds['HTTP 500'] -= locked;
		if (otherKinds['HTTP 500'] === 0) delete otherKinds['HTTP 500'];
	}
	const pids = server.pid ? serverPids(server.pid) : [];
	const times = sent.map((s) => s.ms);
	return {
		phones: concurrency,
		batches: sent.length,
		appliedEvents: applied,
		duplicateEvents: duplicates,
		eventsPerSecond: round(applied / seconds),
		eventsPerCpuSecond: cpu > 0 ? round(applied / (cpu + (databaseCpuSeconds ?? 0))) : null,
		databaseCpuSeconds: databaseCpuSeconds === null ? null : +databaseCpuSeconds.toFixed(1),
		// The bench's own client shares the machine: what its sending and reading cost of a core (0–1).
		clientCpuShare: +((clientCpu.user + clientCpu.system) / 1e6 / seconds).toFixed(2),
		batchMs: {
			p50: round(percentile(times, 50)),
			p95: round(percentile(times, 95)),
			p99: round(percentile(times, 99))
		},
		errors: {
			databaseLocked: locked,
			connectionReset: resets,
			other: Object.values(otherKinds).reduce((a, b) => a + b, 0),
			otherKinds
		},
		rejectedEvents: rejected,
		staffDashboardMs: stats(staffTimes),
		countyDashboardMs: stats(countyTimes),
		serverRssMB: Math.round(pids.reduce((sum, p) => sum + procNumber(p, /VmRSS:\s+(\d+)/), 0) / 1024)
	};
}

/**
 * Waits until the server has stored what it was sent: a batch the bench stopped waiting for (timed out) is still
 * being worked on, and would slow the next level down. Done when every event is there, or nothing more arrives.
 */
async function drained(db: Db, phones: Phone[]): Promise<void> {
	const expected = phones.reduce((sum, p) => sum + (p.batch?.length ?? 0), 0);
	const ids = phones.map((p) => p.userId);
	let last = -1;
	for (let still = 0; still < 10;) {
		const n = await rowsOf(db, learningEvents.userId, ids);
		if (n >= expected) return;
		still = n === last ? still + 1 : 0;
		last = n;
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** How many rows of a table belong to these learners (`column`: the table's user id). */
async function rowsOf(db: Db, column: typeof learningEvents.userId | typeof examAttempts.userId, ids: number[]) {
	if (ids.length === 0) return 0;
	const [row] = await db
		.select({ n: count() })
		.from(column.table)
		.where(inArray(column, ids) as SQL);
	return row.n;
}

/**
 * The sync bench on a server already running on the county database: the dashboards alone, then each level of
 * concurrent phones, then a round that sends the 10-phone level's batches again (the outbox after a lost answer),
 * which must be answered "duplicate" and write no event.
 */
export async function benchSync(
	server: BenchServer,
	lockedSoFar: () => number,
	levels: number[] = SYNC_LEVELS,
	warmupBatches = SYNC_WARMUP_BATCHES
): Promise<Record<string, unknown>> {
	await ensureBenchAccounts(server.database);
	const db = openBenchDatabase(server.database);
	try {
		const probes = { staff: await sessionFor(db, 'bench-staff'), admin: await sessionFor(db, 'bench-admin') };
		// The dashboards alone first, after two requests each to warm the server's caches and the database's pages.
		const idle = async (url: string, cookie: string) => {
			const times: number[] = [];
			for (let i = 0; i < 12; i++) {
				const t = await timeRequests(url, 1, { cookie });
				if (i >= 2) times.push(...t);
			}
			return times;
		};
		const staffIdle = await idle(`${server.origin}/staff/records`, probes.staff);
		const countyIdle = await idle(`${server.origin}/admin/records`, probes.admin);
		// Learners of their own, so that every level still finds only fresh ones.
		let warmup: { batches: number; eventsPerSecond: number; seconds: number } | null = null;
		if (warmupBatches > 0) {
			const phones = await preparePhones(server, db, warmupBatches);
			for (const phone of phones) phone.batch = batchFor(phone);
			const start = performance.now();
			const warm = await runLevel(server, phones, WARMUP_PHONES, probes, lockedSoFar, db);
			await drained(db, phones);
			const seconds = +((performance.now() - start) / 1000).toFixed(1);
			warmup = { batches: warm.batches, eventsPerSecond: warm.eventsPerSecond, seconds };
		}
		const results: LevelResult[] = [];
		let resend: Phone[] = [];
		for (const level of levels) {
			// At least MIN_BATCHES batches (60,000 events), two per concurrent phone at higher levels: every level runs
			// several seconds even at 20,000 events a second, and the dashboard probes (one every PROBE_EVERY_MS) take
			// enough samples for their percentiles.
			const phones = await preparePhones(server, db, Math.max(MIN_BATCHES, level * 2));
			for (const phone of phones) phone.batch = batchFor(phone);
			results.push(await runLevel(server, phones, level, probes, lockedSoFar, db));
			await drained(db, phones);
			if (level === 10) resend = phones;
		}
		// Rows of the resent phones' learners only: anything else still arriving cannot blur the count.
		const resentUsers = resend.map((p) => p.userId);
		const counted = async () => ({
			events: await rowsOf(db, learningEvents.userId, resentUsers),
			attempts: await rowsOf(db, examAttempts.userId, resentUsers)
		});
		const before = await counted();
		const again = resend.length ? await runLevel(server, resend, 10, probes, lockedSoFar, db) : null;
		const after = await counted();
		return {
			idle: { staffDashboardMs: stats(staffIdle), countyDashboardMs: stats(countyIdle) },
			warmup,
			levels: results,
			duplicates: again && {
				batches: again.batches,
				appliedEvents: again.appliedEvents,
				duplicateEvents: again.duplicateEvents,
				rejectedEvents: again.rejectedEvents,
				eventRowsWritten: after.events - before.events,
				attemptRowsWritten: after.attempts - before.attempts,
				batchMs: again.batchMs,
				errors: again.errors
			}
		};
	} finally {
		await closeDatabase(db);
	}
}
