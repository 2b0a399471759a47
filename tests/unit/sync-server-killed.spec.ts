// After `npm run build`: a server killed while phones' batches are in flight loses nothing and doubles nothing.
// The production entry (`npm start`, two processes) runs on a throw-away database; batches go up several at a
// time; once some are answered and others are still on the way, every server process is killed at once (SIGKILL:
// no draining, as in a power cut). Then the server starts again and the phone sends everything again with the
// same event ids, as its outbox does with events it got no answer for: each event must be stored exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdFromToken, SESSION_LIFETIME_MS } from '../../src/lib/server/auth/session';
import { migrateDatabase, openDatabase } from '../../src/lib/server/db/index';
import { sessions } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/tooling/seed/seed';
import type { SyncEvent } from '../../src/lib/sync/protocol';

const COURSE = 'raising-chickens';
const BATCHES = 40;
const AT_ONCE = 4;

const dir = mkdtempSync(join(tmpdir(), 'zhizhi-killed-'));
const databasePath = join(dir, 'killed.db');
let port = 0;
let origin = '';
let cookie = '';
let userId = 0;
let server: ChildProcess | undefined;

const freePort = () =>
	new Promise<number>((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});

async function startServer(): Promise<void> {
	// Its own process group, so one signal reaches the primary and every worker at the same instant.
	server = spawn(process.execPath, ['src/lib/server/cli/serve.js'], {
		detached: true,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			DATABASE_PATH: databasePath,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			WEB_CONCURRENCY: '2',
			SYNC_REQUESTS_PER_MINUTE: '100000',
			SYNC_EVENTS_PER_DAY: '1000000'
		}
	});
	// Both processes listening: the primary says so once every worker is up.
	for (;;) {
		if (server.exitCode !== null) throw new Error('The server did not start.');
		try {
			if ((await fetch(`${origin}/healthz`)).ok) break;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}

function killServer(): Promise<void> {
	const proc = server!;
	const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
	process.kill(-proc.pid!, 'SIGKILL');
	return gone;
}

type Answer = { results: { id: string; status: string; reason?: string }[] };

async function send(events: SyncEvent[]): Promise<Answer | null> {
	try {
		const response = await fetch(`${origin}/api/sync`, {
			method: 'POST',
			headers: { origin, 'content-type': 'application/json', cookie },
			body: JSON.stringify({ events })
		});
		return response.ok ? ((await response.json()) as Answer) : null;
	} catch {
		return null; // the server went away: the phone keeps the events and sends them later
	}
}

// Needs the production build: `npm test` and `npm run test:e2e` build first and run it; `npm run test:unit` without
// a build skips it.
const built = existsSync('build/index.js');

beforeAll(async () => {
	if (!built) return;
	port = await freePort();
	origin = `http://127.0.0.1:${port}`;
	const db = openDatabase(databasePath);
	await migrateDatabase(db);
	await seedDemo(db);
	const learner = db.$client.prepare("select id from users where role = 'learner' order by id limit 1").get() as {
		id: number;
	};
	userId = learner.id;
	db.$client.prepare('update users set must_change_password = 0 where id = ?').run(userId);
	const token = randomUUID().replaceAll('-', '');
	await db
		.insert(sessions)
		.values({ id: sessionIdFromToken(token), userId, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) });
	db.$client.close();
	cookie = `session=${token}`;
	await startServer();
}, 120_000);

afterAll(async () => {
	if (server && server.exitCode === null && server.signalCode === null) await killServer();
	rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!built)('a server killed mid-batch', () => {
	it('loses nothing and doubles nothing when the phone sends again', async () => {
		// The course's version and an exam ticket, as saving the course gives them.
		const list = (await (await fetch(`${origin}/courses/${COURSE}/offline.json`, { headers: { cookie } })).json()) as {
			version: string;
			pages: string[];
			ticket: { token: string; questions: { id: string; options: { id: string }[] }[] };
		};
		const lessons = list.pages
			.map((p) => p.split(`/courses/${COURSE}/`)[1])
			.filter((slug): slug is string => !!slug && slug !== 'exam');
		const start = Date.now() - 60 * 60_000;
		let n = 0;
		const event = (kind: 'lesson_completed' | 'practice_answer'): SyncEvent => {
			const i = n++;
			const base = { id: randomUUID(), userId, courseSlug: COURSE, contentVersion: list.version };
			const clientAt = new Date(start + i * 1000).toISOString();
			const lessonSlug = lessons[i % lessons.length];
			return kind === 'lesson_completed'
				? { ...base, kind, lessonSlug, clientAt }
				: { ...base, kind, lessonSlug, clientAt, payload: { questionId: 'q1', chosen: ['a'], correct: true } };
		};
		const batches: SyncEvent[][] = Array.from({ length: BATCHES }, (_, b) =>
			Array.from({ length: 50 }, (_, i) =>
				event(b === 0 && i < lessons.length ? 'lesson_completed' : 'practice_answer')
			)
		);
		// The exam, handed in after the lessons, rides in a later batch.
		batches[BATCHES / 2].push({
			id: randomUUID(),
			userId,
			courseSlug: COURSE,
			contentVersion: list.version,
			kind: 'exam_attempt',
			clientAt: new Date(start + (n + 1) * 1000).toISOString(),
			payload: {
				ticket: list.ticket.token,
				answers: Object.fromEntries(list.ticket.questions.map((q) => [q.id, [q.options[0].id]]))
			}
		});
		const firstAnswers = new Map<string, string>();
		let answered = 0;
		let inFlight = 0;
		let killed: Promise<void> | null = null;
		const queue = [...batches];
		await Promise.all(
			Array.from({ length: AT_ONCE }, async () => {
				for (let batch = queue.shift(); batch && !killed; batch = queue.shift()) {
					inFlight++;
					const answer = send(batch);
					// The moment to pull the plug: some batches answered, others sent and not answered yet.
					if (answered >= 3 && inFlight > 1 && !killed) killed = killServer();
					const result = await answer;
					inFlight--;
					if (result) {
						answered++;
						for (const r of result.results) firstAnswers.set(r.id, r.status);
					}
				}
			})
		);
		// Set inside the loop above (TypeScript cannot see that and takes it for null here).
		await (killed as Promise<void> | null);
		expect(killed, 'the server was killed with batches in flight').not.toBeNull();
		expect(firstAnswers.size).toBeLessThan(BATCHES * 50);

		await startServer();
		// The outbox sends again whatever it holds; sending every batch also proves answered ones count once.
		for (const batch of batches) {
			const answer = await send(batch);
			expect(answer).not.toBeNull();
			for (const r of answer!.results) {
				expect(r.status === 'applied' || r.status === 'duplicate', `${r.id}: ${r.reason}`).toBe(true);
				if (firstAnswers.get(r.id) === 'applied') expect(r.status).toBe('duplicate');
			}
		}
		await killServer();

		const db = openDatabase(databasePath);
		try {
			const all = batches.flat();
			const stored = db.$client
				.prepare('select id from learning_events where user_id = ?')
				.all(userId)
				.map((r) => (r as { id: string }).id);
			expect(new Set(stored)).toEqual(new Set(all.map((e) => e.id)));
			expect(stored.length).toBe(all.length);
			const count = (query: string) => (db.$client.prepare(query).get(userId) as { n: number }).n;
			expect(count('select count(*) as n from lesson_completions where user_id = ?')).toBe(lessons.length);
			expect(count('select count(*) as n from exam_attempts where user_id = ?')).toBe(1);
			expect(count('select count(*) as n from exam_tickets where user_id = ? and used_by is not null')).toBe(1);
			expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
		} finally {
			db.$client.close();
		}
	}, 180_000);
});
