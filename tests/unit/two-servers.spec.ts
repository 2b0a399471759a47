// After `npm run build`: two app servers, as on two machines behind one load balancer, share one PostgreSQL
// database. They start at the same moment on an empty database (one migrates and imports the shipped courses, the
// other waits for it), then a learner uses them in turns: signed in on one, the cookie works on the other; batches
// of events go up through both, each also resent through the other, and count once; the exam ticket one server
// gives is good for an attempt handed in through the other; the certificate that attempt earns is signed with the
// key both servers publish, and either shows it. Signing out on one ends the session on both, and wrong passwords
// count against the account on both. The database then holds exactly the rows expected.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../src/lib/server/certificates/credential';
import { START_LOCK } from '../../src/lib/server/db/index';
import { SKIP_POSTGRES, startThrowawayPostgres, type ThrowawayPostgres } from '../../src/lib/server/tooling/pg-server';
import type { SyncEvent } from '../../src/lib/sync/protocol';

const COURSE = 'raising-chickens';
/** The public address of the site: both servers serve it, as behind one load balancer. */
const ORIGIN = 'http://learn.zhizhi.test';
const LEARNER = { username: '13800000001', password: '123456' };
/** Another learner, whose wrong passwords go to both servers. */
const GUESSED = '13800000002';
/** What a server says when it waits for another's start (db/index.ts: oneServerAtATime). */
const WAITING = 'Another app server is starting on this database';

// Needs the production build (see sync-server-killed.spec.ts) and PostgreSQL's programs, which only
// ZHIZHI_SKIP_POSTGRES=1 excuses.
const built = existsSync('build/index.js');

type Server = { name: string; url: string; process: ChildProcess; log: string };

let dir = '';
let postgres: ThrowawayPostgres | undefined;
let databaseUrl = '';
let client: pg.Client | undefined;
const servers: Server[] = [];

const freePort = () =>
	new Promise<number>((done) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => done(port));
		});
	});

/** Starts `node build` on a port of its own, on the shared database. */
async function startServer(name: string): Promise<Server> {
	const port = await freePort();
	const child = spawn(process.execPath, ['build'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			DATABASE_URL: databaseUrl,
			// Nothing of the test run's own: no SQLite file of its, no key or secret given in the environment.
			DATABASE_PATH: join(dir, name, 'unused.db'),
			ZHIZHI_TEST_ENGINE: '',
			ISSUER_KEY: '',
			ISSUER_KEY_PATH: '',
			EXAM_TICKET_SECRET: '',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN,
			SYNC_REQUESTS_PER_MINUTE: '100000',
			SYNC_EVENTS_PER_DAY: '1000000'
		}
	});
	const server: Server = { name, url: `http://127.0.0.1:${port}`, process: child, log: '' };
	const keep = (chunk: Buffer) => (server.log += chunk.toString());
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	return server;
}

/** Resolves once `condition` holds, checking every 20 ms; throws with the server's output if it ends first. */
async function until(server: Server, condition: () => boolean | Promise<boolean>): Promise<void> {
	for (;;) {
		if (server.process.exitCode !== null) throw new Error(`Server ${server.name} ended:\n${server.log}`);
		if (await condition()) return;
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** Whether the server answers /healthz (it does once it has started: migrations, imports, key and secret). */
const healthy = (server: Server) =>
	fetch(`${server.url}/healthz`).then(
		(r) => r.ok,
		() => false
	);

/** The app's own demo seeding, in a process of its own on the shared database (this one's tables are SQLite's). */
function seedDemo(): Promise<void> {
	const script = `
const { getDb, closeDb } = await import(${JSON.stringify(resolve('src/lib/server/db/index.ts'))});
const { seedDemo, seedDemoAccounts } = await import(${JSON.stringify(resolve('src/lib/server/tooling/seed/seed.ts'))});
await seedDemo(getDb());
await seedDemoAccounts(getDb());
await closeDb();
`;
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DATABASE_URL: databaseUrl, ZHIZHI_TEST_ENGINE: '' }
	});
	return new Promise((done, fail) =>
		child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`Seeding failed (${code}).`))))
	);
}

const rows = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
	(await client!.query<T>(text, values)).rows;
const count = async (text: string, values: unknown[] = []) => Number((await rows<{ n: string }>(text, values))[0].n);

/** A form post to a server, as a browser makes it: from the site's origin (checked), asking for HTML (else SvelteKit
 * answers an action in JSON, always with status 200). */
const postForm = (server: Server, path: string, form: Record<string, string>, cookie = '') =>
	fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
		body: new URLSearchParams(form)
	});

async function signIn(server: Server, username: string, password: string): Promise<Response> {
	return postForm(server, '/login', { identifier: username, password });
}

type Answer = { results: { id: string; status: string; reason?: string }[]; issued: string[] };

async function sync(server: Server, cookie: string, events: SyncEvent[]): Promise<Answer> {
	const response = await fetch(`${server.url}/api/sync`, {
		method: 'POST',
		headers: { origin: ORIGIN, 'content-type': 'application/json', cookie },
		body: JSON.stringify({ events })
	});
	if (response.status !== 200)
		throw new Error(`${server.name} answered ${response.status}: ${await response.text()}\n${server.log.slice(-3000)}`);
	return (await response.json()) as Answer;
}

const statuses = (answer: Answer) => answer.results.map((r) => `${r.status}${r.reason ? `:${r.reason}` : ''}`);

beforeAll(async () => {
	if (!built || SKIP_POSTGRES) return;
	dir = mkdtempSync(join(tmpdir(), 'zhizhi-two-servers-'));
	postgres = await startThrowawayPostgres({ maxConnections: 60 });
	await postgres.createDatabase('two_servers');
	databaseUrl = postgres.url('two_servers');
	client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	// Both start on the empty database while the start lock is taken, so both are surely waiting for it at once
	// when it is let go: then one migrates and imports, and the other finds it done.
	await client.query('select pg_advisory_lock($1)', [START_LOCK]);
	servers.push(...(await Promise.all([startServer('A'), startServer('B')])));
	for (const server of servers) await until(server, () => server.log.includes(WAITING));
	await client.query('select pg_advisory_unlock($1)', [START_LOCK]);
	for (const server of servers) await until(server, () => healthy(server));
	await seedDemo();
}, 180_000);

afterAll(async () => {
	await client?.end();
	await Promise.all(
		servers.map(
			(server) =>
				new Promise<void>((done) => {
					if (server.process.exitCode !== null || server.process.signalCode !== null) return done();
					server.process.once('exit', () => done());
					server.process.kill('SIGTERM');
				})
		)
	);
	await postgres?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(!built || SKIP_POSTGRES)('two app servers on one PostgreSQL database', () => {
	it('started together: migrated once, imported each shipped course once, and share one key and secret', async () => {
		const [a, b] = servers;
		const journal = JSON.parse(readFileSync('drizzle/pg/meta/_journal.json', 'utf8')) as { entries: unknown[] };
		expect(await count('select count(*) as n from drizzle.__drizzle_migrations')).toBe(journal.entries.length);
		const shipped = readdirSync('content/courses').filter((f) => /^\d+-/.test(f)).length;
		expect(shipped).toBeGreaterThan(0);
		expect(await count('select count(*) as n from course_versions')).toBe(shipped);
		expect(await count('select count(distinct course_slug) as n from course_versions')).toBe(shipped);
		expect(await count("select count(*) as n from course_versions where status = 'published'")).toBe(shipped);
		expect(
			(await rows<{ name: string }>('select name from instance_secrets order by name')).map((r) => r.name)
		).toEqual(['exam-ticket-secret', 'issuer-key']);
		// Each publishes the one stored key.
		const stored = JSON.parse(
			(await rows<{ value: string }>("select value from instance_secrets where name = 'issuer-key'"))[0].value
		) as { publicKeyMultibase: string };
		for (const server of [a, b])
			expect(await (await fetch(`${server.url}/issuer`)).text(), server.name).toContain(stored.publicKeyMultibase);
		// Neither made a key file or a secret file of its own.
		for (const server of [a, b]) expect(existsSync(join(dir, server.name)), server.name).toBe(false);
	});

	it('serves one learner through both: one session, events counted once, a ticket and a certificate either honours', async () => {
		const [a, b] = servers;
		// Signed in on A; the cookie works on B.
		const signedIn = await signIn(a, LEARNER.username, LEARNER.password);
		expect(signedIn.status).toBe(303);
		const token = /(?:^|;\s*|,\s*)session=([^;]+)/.exec(signedIn.headers.getSetCookie().join(', '))?.[1];
		expect(token, 'a session cookie').toBeTruthy();
		const cookie = `session=${token}`;
		const userId = (await rows<{ id: number }>('select id from users where username = $1', [LEARNER.username]))[0].id;
		const me = async (server: Server) =>
			((await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json()) as { user: { id: number } | null })
				.user?.id;
		expect(await me(a)).toBe(userId);
		expect(await me(b)).toBe(userId);

		// The course as saving it for offline gives it, from A: its version, lessons and an exam ticket A signed.
		const saved = (await (await fetch(`${a.url}/courses/${COURSE}/offline.json`, { headers: { cookie } })).json()) as {
			version: string;
			pages: string[];
			ticket: { userId: number; token: string; questions: { id: string }[] } | null;
		};
		expect(saved.ticket?.userId, 'A knows the learner').toBe(userId);
		const lessons = saved.pages
			.map((p) => p.split(`/courses/${COURSE}/`)[1])
			.filter((slug): slug is string => !!slug && slug !== 'exam');
		expect(lessons.length).toBeGreaterThan(1);

		let n = 0;
		const start = Date.now();
		const event = (kind: 'lesson_completed' | 'practice_answer', lessonSlug: string): SyncEvent => {
			const base = { id: randomUUID(), userId, courseSlug: COURSE, contentVersion: saved.version, lessonSlug };
			const clientAt = new Date(start + n++).toISOString();
			return kind === 'lesson_completed'
				? { ...base, kind, clientAt }
				: { ...base, kind, clientAt, payload: { questionId: 'q1', chosen: ['a'], correct: true } };
		};
		const batch = (from: number, to: number) =>
			lessons
				.slice(from, to)
				.flatMap((lesson) => [
					event('practice_answer', lesson),
					event('practice_answer', lesson),
					event('lesson_completed', lesson)
				]);
		const half = Math.ceil(lessons.length / 2);
		const first = batch(0, half);
		const second = batch(half, lessons.length);

		// Each batch through one server, then again through the other (the phone got no answer, say): counted once.
		expect(statuses(await sync(a, cookie, first))).toEqual(first.map(() => 'applied'));
		expect(statuses(await sync(b, cookie, first))).toEqual(first.map(() => 'duplicate'));
		expect(statuses(await sync(b, cookie, second))).toEqual(second.map(() => 'applied'));
		expect(statuses(await sync(a, cookie, second))).toEqual(second.map(() => 'duplicate'));
		// The same batch through both at the same moment: each event applied by one of them, a duplicate for the other.
		const both = [event('practice_answer', lessons[0]), event('practice_answer', lessons[1])];
		const [viaA, viaB] = await Promise.all([sync(a, cookie, both), sync(b, cookie, both)]);
		for (const [i, e] of both.entries())
			expect([viaA.results[i].status, viaB.results[i].status].sort(), e.id).toEqual(['applied', 'duplicate']);

		// The exam, on A's ticket, handed in through B with every answer right: marked, and a certificate issued.
		const [exam] = await rows<{ questions: { id: string; options: { id: string; correct: boolean }[] }[] }>(
			'select questions from exam_versions where course_slug = $1 and version = $2',
			[COURSE, saved.version]
		);
		const key = new Map(exam.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
		const attempt: SyncEvent = {
			id: randomUUID(),
			userId,
			courseSlug: COURSE,
			contentVersion: saved.version,
			kind: 'exam_attempt',
			clientAt: new Date(start + n++).toISOString(),
			payload: {
				ticket: saved.ticket!.token,
				answers: Object.fromEntries(saved.ticket!.questions.map((q) => [q.id, key.get(q.id)!]))
			}
		};
		const handedIn = await sync(b, cookie, [attempt]);
		expect(statuses(handedIn)).toEqual(['applied']);
		expect(handedIn.issued).toHaveLength(1);
		const [number] = handedIn.issued;
		// Resent through A: the same attempt, not a second one (nor a used ticket's refusal).
		expect(statuses(await sync(a, cookie, [attempt]))).toEqual(['duplicate']);

		// The certificate B signed, as A hands it out, verifies with the key A publishes (both publish the stored one).
		const credentialResponse = await fetch(`${a.url}/certificates/${number}.json`, { headers: { cookie } });
		expect(credentialResponse.status).toBe(200);
		const credential = (await credentialResponse.json()) as { proof?: { verificationMethod?: string } };
		expect(credential.proof?.verificationMethod).toBe(`${ORIGIN}/issuer#key-1`);
		const storedKey = (await rows<{ value: string }>("select value from instance_secrets where name = 'issuer-key'"))[0]
			.value;
		expect(await verifyCredential(credential, { env: { ISSUER_KEY: storedKey }, origin: ORIGIN })).toEqual({
			verified: true
		});
		// Anyone checking the number on either server finds it valid.
		for (const server of [a, b]) {
			const page = await fetch(`${server.url}/verify/${number}/__data.json`);
			expect(page.status, server.name).toBe(200);
			expect(await page.text(), server.name).toContain('"valid"');
		}

		// Exactly what was sent, once.
		const sent = [...first, ...second, ...both, attempt];
		const stored = (await rows<{ id: string }>('select id from learning_events where user_id = $1', [userId])).map(
			(r) => r.id
		);
		expect(stored.sort()).toEqual(sent.map((e) => e.id).sort());
		expect(await count('select count(*) as n from lesson_completions where user_id = $1', [userId])).toBe(
			lessons.length
		);
		expect(await count('select count(*) as n from exam_tickets where user_id = $1', [userId])).toBe(1);
		expect(
			await count('select count(*) as n from exam_tickets where user_id = $1 and used_by = $2', [userId, attempt.id])
		).toBe(1);
		expect(await count('select count(*) as n from exam_attempts where user_id = $1 and passed', [userId])).toBe(1);
		expect(await count('select count(*) as n from exam_attempts where user_id = $1', [userId])).toBe(1);
		expect(await rows('select number, course_slug from certificates where user_id = $1', [userId])).toEqual([
			{ number, course_slug: COURSE }
		]);

		// Signed out through B: the session is gone on A too.
		const out = await postForm(b, '/logout?/here', {}, cookie);
		expect(out.status).toBe(303);
		expect(await count('select count(*) as n from sessions where user_id = $1', [userId])).toBe(0);
		expect(await me(a)).toBeUndefined();
		const afterwards = await fetch(`${a.url}/api/sync`, {
			method: 'POST',
			headers: { origin: ORIGIN, 'content-type': 'application/json', cookie },
			body: JSON.stringify({ events: [] })
		});
		expect(afterwards.status).toBe(401);
	});

	it('counts wrong passwords against an account on both servers', async () => {
		// Five wrong ones, in turns; then even the right one waits, on either server.
		for (let i = 0; i < 5; i++) {
			const response = await signIn(servers[i % 2], GUESSED, `wrong-${i}`);
			expect(response.status, `try ${i + 1}`).toBe(400);
		}
		for (const server of servers) {
			const response = await signIn(server, GUESSED, LEARNER.password);
			expect(response.status, server.name).toBe(429);
		}
		expect(
			await count('select failures as n from rate_limits where key = $1', [`account-ip:${GUESSED}|127.0.0.1`])
		).toBe(5);
	}, 60_000);
});
