import { expect, test } from '@playwright/test';
import { apiAs, BASE_URL, newLearner } from '../helpers';

test('/api/sync needs a session, limits batches and bodies, and answers each event', async () => {
	const anonymous = await apiAs(null);
	expect((await anonymous.post('/api/sync', { data: { events: [] } })).status()).toBe(401);

	const learner = newLearner();
	const api = await apiAs(learner);
	const tooMany = await api.post('/api/sync', { data: { events: Array.from({ length: 201 }, () => ({})) } });
	expect(tooMany.status()).toBe(413);
	expect(await tooMany.json()).toMatchObject({ error: 'too_many_events', max: 200 });
	const huge = await api.post('/api/sync', { data: { events: [{ payload: 'x'.repeat(600 * 1024) }] } });
	expect(huge.status()).toBe(413);
	expect((await api.post('/api/sync', { data: { nope: 1 } })).status()).toBe(400);

	const page = await (await api.get('/courses/phone-safety/mobile-payment')).text();
	const contentVersion = page.match(/name="contentVersion" value="([0-9a-f]+)"/)![1];
	const event = {
		id: crypto.randomUUID(),
		userId: learner.id,
		kind: 'practice_answer',
		courseSlug: 'phone-safety',
		lessonSlug: 'mobile-payment',
		contentVersion,
		clientAt: new Date().toISOString(),
		payload: { questionId: 'q1', chosen: ['a'], correct: true }
	};
	const stale = { ...event, id: crypto.randomUUID(), contentVersion: 'abcdef123456' };
	const response = await api.post('/api/sync', { data: { events: [event, event, { id: 'bad' }, stale] } });
	expect(response.status()).toBe(200);
	const body = await response.json();
	expect(body.results.map((r: { status: string }) => r.status)).toEqual([
		'applied',
		'duplicate',
		'rejected',
		'rejected'
	]);
	expect(body.results[3].reason).toBe('unknown_version');
	expect(body.state).toHaveProperty('progress');

	// Through the real server too: another site's post, and a body that is not JSON, are refused whole.
	const crossSite = await api.post('/api/sync', {
		data: { events: [{ ...event, id: crypto.randomUUID() }] },
		headers: { origin: 'https://evil.example.com' }
	});
	expect(crossSite.status()).toBe(403);
	const asText = await api.post('/api/sync', {
		data: JSON.stringify({ events: [] }),
		headers: { origin: BASE_URL, 'content-type': 'text/plain' }
	});
	expect(asText.status()).toBe(415);
	const deep = await api.post('/api/sync', {
		data: `{"events":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
		headers: { 'content-type': 'application/json' }
	});
	expect(deep.status()).toBe(400);
	// An exam attempt is marked only on the ticket the exam page gave, and only once.
	const lessons = [
		'mobile-payment',
		'common-scams',
		'stop-scams',
		'personal-info',
		'passwords-updates',
		'selling-online'
	];
	const exam = await (await api.get('/courses/phone-safety/exam')).text();
	// The page's data (its form shows once the lessons are done): the ticket is `<id>.<signature>`.
	const ticket = exam.match(/([a-z0-9]{24}\.[A-Za-z0-9_-]{43})/)![1];
	const at = new Date().toISOString();
	const base = { userId: learner.id, courseSlug: 'phone-safety', contentVersion, clientAt: at };
	const attempt = (payload: Record<string, unknown>) => ({
		...base,
		id: crypto.randomUUID(),
		kind: 'exam_attempt',
		payload
	});
	const sent = await api.post('/api/sync', {
		data: {
			events: [
				...lessons.map((lessonSlug) => ({ ...base, id: crypto.randomUUID(), kind: 'lesson_completed', lessonSlug })),
				attempt({ answers: {} }),
				attempt({ ticket, answers: {} }),
				attempt({ ticket, answers: {} })
			]
		}
	});
	const marked = (await sent.json()).results.slice(-3);
	expect(marked.map((r: { status: string; reason?: string }) => r.reason ?? r.status)).toEqual([
		'no_ticket',
		'applied',
		'ticket_used'
	]);
	await anonymous.dispose();
	await api.dispose();
});
