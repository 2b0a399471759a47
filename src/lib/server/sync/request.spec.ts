import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { learningEvents, rateLimits, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { handleSyncRequest, type SyncLimits } from './request.ts';
import { first } from '../db/dialect.ts';

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';
const LIMITS: SyncLimits = {
	maxBodyBytes: 512 * 1024,
	maxDepth: 8,
	maxEvents: 200,
	requestsPerMinute: 60,
	eventsPerDay: 3000
};
// 10:00 in Beijing.
const NOW = new Date('2026-11-20T02:00:00Z');
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learner: { id: number };

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001'))))!;
});
afterEach(() => env.cleanup());

function request(body: unknown, headers: Record<string, string> = {}): Request {
	return new Request(`${ORIGIN}/api/sync`, {
		method: 'POST',
		headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}
const send = (
	body: unknown,
	options: { headers?: Record<string, string>; limits?: Partial<SyncLimits>; now?: Date } = {}
) =>
	handleSyncRequest(
		request(body, options.headers),
		learner,
		ORIGIN,
		{ ...LIMITS, ...options.limits },
		options.now ?? NOW
	);

const completion = async (lesson?: string) => {
	const course = (await getCourse(COURSE))!;
	return {
		id: crypto.randomUUID(),
		userId: learner.id,
		kind: 'lesson_completed',
		courseSlug: COURSE,
		lessonSlug: lesson ?? course.lessons[0].slug,
		contentVersion: course.version,
		clientAt: NOW.toISOString()
	};
};
const stored = async () => (await env.db.select().from(learningEvents)).length;

describe('handleSyncRequest', () => {
	it('applies a batch and answers each event with the learner’s state', async () => {
		const event = await completion();
		const response = await send({ events: [event] });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.results).toEqual([{ id: event.id, status: 'applied' }]);
		expect(body.state).toMatchObject({ userId: learner.id, progress: { [COURSE]: [event.lessonSlug] } });
	});

	it('refuses anyone not signed in', async () => {
		const response = await handleSyncRequest(request({ events: [] }), null, ORIGIN, LIMITS, NOW);
		expect(response.status).toBe(401);
	});

	it('refuses a post from another site, or one that names no site, with 403', async () => {
		for (const origin of ['https://evil.example.com', 'http://learn.example.cn', 'null']) {
			const response = await send({ events: [await completion()] }, { headers: { origin } });
			expect(response.status, origin).toBe(403);
			expect(await response.json()).toEqual({ error: 'cross_origin' });
		}
		const unnamed = new Request(`${ORIGIN}/api/sync`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ events: [await completion()] })
		});
		expect((await handleSyncRequest(unnamed, learner, ORIGIN, LIMITS, NOW)).status).toBe(403);
		expect(await stored()).toBe(0);
	});

	it('refuses a body that is not application/json with 415 (a form post across sites would be text/plain)', async () => {
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
			const response = await send({ events: [await completion()] }, { headers: { 'content-type': type } });
			expect(response.status, type).toBe(415);
		}
		const withCharset = await send(
			{ events: [await completion()] },
			{ headers: { 'content-type': 'Application/JSON; charset=utf-8' } }
		);
		expect(withCharset.status).toBe(200);
		expect(await stored()).toBe(1);
	});

	it('refuses JSON nested deeper than any real batch before parsing it', async () => {
		// A practice answer whose options nest 100,000 deep: it parses, but storing it (JSON.stringify) overflowed
		// the stack, a 500 in the middle of a batch.
		const practiceJson = JSON.stringify({
			...(await completion()),
			kind: 'practice_answer',
			payload: { questionId: 'q1' }
		});
		const deep = `{"events":[${practiceJson.slice(0, -2)},"chosen":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`;
		expect(() => JSON.parse(deep)).not.toThrow();
		const response = await send(deep);
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error: 'too_deep' });
		const practice = {
			...(await completion()),
			kind: 'practice_answer',
			payload: { questionId: 'q1', chosen: [[[[[['a']]]]]], correct: true }
		};
		expect((await send({ events: [practice] })).status).toBe(400);
		expect(await stored()).toBe(0);
	});

	it('refuses bodies too large, batches too long and malformed JSON, whole', async () => {
		expect((await send({ events: [{ payload: 'x'.repeat(600 * 1024) }] })).status).toBe(413);
		const tooMany = await send({ events: Array.from({ length: 201 }, () => ({})) });
		expect(tooMany.status).toBe(413);
		expect(await tooMany.json()).toMatchObject({ error: 'too_many_events', max: 200 });
		expect((await send('{"events": [')).status).toBe(400);
		expect((await send({ nope: 1 })).status).toBe(400);
	});

	it('answers 429 with Retry-After past the requests a learner may make in a minute, kept in the database', async () => {
		const limits = { requestsPerMinute: 3 };
		for (let i = 0; i < 3; i++) expect((await send({ events: [] }, { limits })).status).toBe(200);
		const refused = await send({ events: [await completion()] }, { limits, now: new Date(NOW.getTime() + 20_000) });
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('40');
		expect(await refused.json()).toMatchObject({ error: 'rate_limited', retryAfter: 40 });
		expect(await stored()).toBe(0);
		// Another learner is not held up; the next minute this one may go on.
		const other = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000002'))))!;
		expect(
			(await handleSyncRequest(request({ events: [] }), other, ORIGIN, { ...LIMITS, ...limits }, NOW)).status
		).toBe(200);
		expect(
			(await send({ events: [await completion()] }, { limits, now: new Date(NOW.getTime() + 60_000) })).status
		).toBe(200);
		expect(await env.db.select().from(rateLimits).where(like(rateLimits.key, 'sync-minute:%'))).toHaveLength(2);
	});

	it('counts a request against the minute only once its form is right, with its batch', async () => {
		const limits = { requestsPerMinute: 1 };
		expect((await send('{"events": [', { limits })).status).toBe(400);
		expect((await send({ nope: 1 }, { limits })).status).toBe(400);
		expect((await send({ events: [await completion()] }, { limits })).status).toBe(200);
		expect(await stored()).toBe(1);
		expect((await send({ events: [] }, { limits })).status).toBe(429);
	});

	it('answers 429 until the next China day once a learner’s events of the day pass the quota, storing none of them', async () => {
		const limits = { eventsPerDay: 3 };
		const lessons = (await getCourse(COURSE))!.lessons.map((l) => l.slug);
		expect(
			(await send({ events: [await completion(lessons[0]), await completion(lessons[1])] }, { limits })).status
		).toBe(200);
		const over = await send({ events: [await completion(lessons[2]), await completion(lessons[3])] }, { limits });
		expect(over.status).toBe(429);
		// 10:00 in Beijing: 14 hours to midnight.
		expect(over.headers.get('retry-after')).toBe(String(14 * 60 * 60));
		expect(await over.json()).toMatchObject({ error: 'quota_exceeded' });
		expect(await stored()).toBe(2);
		// What is left of the quota still fits, and a new day in Beijing (16:00 UTC) starts again.
		expect((await send({ events: [await completion(lessons[2])] }, { limits })).status).toBe(200);
		const tomorrow = new Date('2026-11-20T16:00:00Z');
		expect(
			(await send({ events: [await completion(lessons[3]), await completion(lessons[4])] }, { limits, now: tomorrow }))
				.status
		).toBe(200);
		expect(await stored()).toBe(5);
	});

	it('counts nothing of the day for a request the minute refused', async () => {
		const limits = { requestsPerMinute: 1, eventsPerDay: 3 };
		const lessons = (await getCourse(COURSE))!.lessons.map((l) => l.slug);
		const two = [await completion(lessons[0]), await completion(lessons[1])];
		expect((await send({ events: two }, { limits })).status).toBe(200);
		const refused = await send({ events: [await completion(lessons[2])] }, { limits });
		expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
		// Had the refused request counted, 2 + 1 + 1 would pass the day's 3.
		const nextMinute = new Date(NOW.getTime() + 60_000);
		expect((await send({ events: [await completion(lessons[3])] }, { limits, now: nextMinute })).status).toBe(200);
		expect(await stored()).toBe(3);
		const over = await send(
			{ events: [await completion(lessons[4])] },
			{ limits, now: new Date(NOW.getTime() + 120_000) }
		);
		expect(await over.json()).toMatchObject({ error: 'quota_exceeded' });
		// The quota's refusal still counted the request against its minute.
		expect((await send({ events: [] }, { limits, now: new Date(NOW.getTime() + 120_000) })).status).toBe(429);
	});

	it('answers an id reused by another kind event by event, never with a 500', async () => {
		const lesson = await completion();
		await send({ events: [lesson] });
		const clash = {
			...lesson,
			kind: 'exam_attempt',
			lessonSlug: null,
			payload: { ticket: 'made-up.ticket', answers: { q1: ['a'] } }
		};
		const next = await completion((await getCourse(COURSE))!.lessons[1].slug);
		const response = await send({ events: [clash, next] });
		expect(response.status).toBe(200);
		expect((await response.json()).results).toEqual([
			{ id: lesson.id, status: 'rejected', reason: 'id_conflict' },
			{ id: next.id, status: 'applied' }
		]);
	});
});
