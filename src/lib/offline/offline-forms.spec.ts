import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventFromForm, keepOfflineForm, offlineFormKind } from './offline-forms.ts';
import { closeOutbox, pendingEvents, setCurrentUser } from './outbox.ts';

const ORIGIN = 'https://learn.example';
const TICKET = `${'a'.repeat(24)}.${'B'.repeat(43)}`;
const FORM_ID = '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const VERSION = 'abc123def456';

function form(fields: [string, string][]): FormData {
	const data = new FormData();
	for (const [name, value] of fields) data.append(name, value);
	return data;
}

const lessonForm = () =>
	form([
		['eventId', FORM_ID],
		['contentVersion', VERSION]
	]);
const examForm = (answers: [string, string][]) =>
	form([
		['eventId', FORM_ID],
		['ticket', TICKET],
		['version', VERSION],
		['startedAt', '2026-11-29T08:00:00.000Z'],
		...answers.map(([q, o]): [string, string] => [`q:${q}`, o])
	]);

beforeEach(async () => {
	await closeOutbox();
	globalThis.indexedDB = new IDBFactory();
});

describe('offlineFormKind', () => {
	it.each([
		['/courses/raising-chickens/feed-and-water?/complete', 'complete'],
		['/en/courses/raising-chickens/feed-and-water?/complete', 'complete'],
		['/courses/raising-chickens/exam?/submit', 'submit'],
		['/courses/raising-chickens/exam?/complete', null],
		['/courses/raising-chickens/feed-and-water?/submit', null],
		['/courses/raising-chickens?/complete', null],
		['/login', null],
		['/staff/import?/apply', null]
	])('%s → %s', (path, kind) => {
		expect(offlineFormKind(new URL(path, ORIGIN))).toBe(kind);
	});
});

describe('eventFromForm', () => {
	const now = new Date('2026-11-29T09:30:00.000Z');

	it('turns "mark as done" into the lesson completion the page would have recorded', async () => {
		const kept = await eventFromForm(new URL('/en/courses/c1/lesson-one?/complete', ORIGIN), lessonForm(), 7, now);
		expect(kept).toMatchObject({
			event: {
				userId: 7,
				kind: 'lesson_completed',
				courseSlug: 'c1',
				lessonSlug: 'lesson-one',
				contentVersion: VERSION,
				clientAt: now.toISOString()
			},
			redirectTo: '/en/courses/c1/lesson-one'
		});
	});

	it('turns a handed-in exam into an attempt and sends the learner to the course page', async () => {
		const kept = await eventFromForm(
			new URL('/courses/c1/exam?/submit', ORIGIN),
			examForm([
				['q2', 'b'],
				['q1', 'c'],
				['q1', 'a']
			]),
			7,
			now
		);
		expect(kept?.redirectTo).toBe('/courses/c1');
		expect(kept?.event).toMatchObject({
			userId: 7,
			kind: 'exam_attempt',
			courseSlug: 'c1',
			lessonSlug: null,
			contentVersion: VERSION,
			payload: { ticket: TICKET, startedAt: '2026-11-29T08:00:00.000Z', answers: { q1: ['a', 'c'], q2: ['b'] } }
		});
		expect(kept?.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('gives the same answers posted twice one id, and other answers from the same kept page another', async () => {
		const url = new URL('/courses/c1/exam?/submit', ORIGIN);
		const first = await eventFromForm(url, examForm([['q1', 'a']]), 7, now);
		const again = await eventFromForm(url, examForm([['q1', 'a']]), 7, new Date(now.getTime() + 5000));
		const retake = await eventFromForm(url, examForm([['q1', 'b']]), 7, now);
		expect(again?.event.id).toBe(first?.event.id);
		expect(retake?.event.id).not.toBe(first?.event.id);
	});

	it('gives each learner their own id for a post of the same stored page, and one learner the same id twice', async () => {
		const lesson = new URL('/courses/c1/l1?/complete', ORIGIN);
		const exam = new URL('/courses/c1/exam?/submit', ORIGIN);
		const mother = await eventFromForm(lesson, lessonForm(), 7, now);
		const son = await eventFromForm(lesson, lessonForm(), 8, now);
		expect(mother?.event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(son?.event.id).not.toBe(mother?.event.id);
		expect((await eventFromForm(lesson, lessonForm(), 7, now))?.event.id).toBe(mother?.event.id);
		const motherExam = await eventFromForm(exam, examForm([['q1', 'a']]), 7, now);
		const sonExam = await eventFromForm(exam, examForm([['q1', 'a']]), 8, now);
		expect(sonExam?.event.id).not.toBe(motherExam?.event.id);
	});

	it('refuses a malformed post', async () => {
		const lesson = new URL('/courses/c1/l1?/complete', ORIGIN);
		expect(await eventFromForm(lesson, form([['contentVersion', VERSION]]), 7)).toBeNull();
		expect(
			await eventFromForm(
				lesson,
				form([
					['eventId', FORM_ID],
					['contentVersion', 'not a version']
				]),
				7
			)
		).toBeNull();
		const exam = new URL('/courses/c1/exam?/submit', ORIGIN);
		expect(
			await eventFromForm(
				exam,
				form([
					['eventId', FORM_ID],
					['version', VERSION],
					['ticket', 'made-up']
				]),
				7
			)
		).toBeNull();
		expect(await eventFromForm(new URL('/login', ORIGIN), lessonForm(), 7)).toBeNull();
	});
});

describe('keepOfflineForm', () => {
	const post = (path: string, body: FormData) => new Request(new URL(path, ORIGIN), { method: 'POST', body });

	it('keeps the post in the outbox of the learner signed in on this phone, once', async () => {
		await setCurrentUser({ id: 3, name: '王桂兰' });
		expect(await keepOfflineForm(post('/courses/c1/l1?/complete', lessonForm()))).toBe('/courses/c1/l1');
		expect(await keepOfflineForm(post('/courses/c1/l1?/complete', lessonForm()))).toBe('/courses/c1/l1');
		const pending = await pendingEvents(3);
		expect(pending.map((r) => [r.event.kind, 'lessonSlug' in r.event ? r.event.lessonSlug : null])).toEqual([
			['lesson_completed', 'l1']
		]);
	});

	it('keeps nothing when nobody is signed in on this phone', async () => {
		expect(await keepOfflineForm(post('/courses/c1/l1?/complete', lessonForm()))).toBeNull();
	});
});
