import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { learningEvents, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { applyEvents } from '../sync/apply.ts';
import { lessonFeedbackForms, notUnderstoodByForm, rateByForm } from './form.ts';
import { standingRating } from './record.ts';
import { first } from '../db/dialect.ts';

const COURSE = 'raising-chickens';
const ORIGIN = 'https://learn.example.cn';

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let version: string;
let lesson: string;
let ana: { id: number };

beforeEach(async () => {
	env = await useDemoDatabase();
	ana = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001'))))!;
	// An account made a month ago, so that the events' times are kept as given.
	await env.db
		.update(users)
		.set({ createdAt: new Date(Date.now() - 30 * 86_400_000) })
		.where(eq(users.id, ana.id));
	const course = (await getCourse(COURSE))!;
	version = course.version;
	lesson = course.lessons[1].slug;
});
afterEach(() => env.cleanup());

/** A form as the page posts it: the event's id and version, and the fields given. */
const form = (fields: Record<string, string>, eventId: string = crypto.randomUUID()) => {
	const data = new FormData();
	for (const [name, value] of Object.entries({ eventId, contentVersion: version, ...fields })) data.set(name, value);
	return data;
};
const rate = (
	fields: Record<string, string>,
	{ eventId = crypto.randomUUID() as string, lessonSlug = null as string | null } = {}
) => rateByForm(ana, { courseSlug: COURSE, lessonSlug, form: form(fields, eventId), origin: ORIGIN });
const eventsOf = async (kind: 'rating' | 'not_understood') =>
	await env.db.select().from(learningEvents).where(eq(learningEvents.kind, kind));

describe('a rating sent by a form', () => {
	it('is the same event the outbox sends: counted once however often the form is sent again', async () => {
		const eventId = crypto.randomUUID();
		for (let i = 0; i < 2; i++) {
			expect(await rate({ face: 'useful' }, { eventId })).toMatchObject({
				ok: true,
				rating: { face: 'useful', comment: null }
			});
		}
		expect(await eventsOf('rating')).toHaveLength(1);
		expect(await standingRating(ana.id, COURSE)).toMatchObject({ face: 'useful', comment: null });
		expect(await standingRating(ana.id, COURSE, lesson)).toBeNull();
	});

	it('keeps the comment given before when a face is tapped again; a comment sent replaces it', async () => {
		await rate({ face: 'ok', comment: '  鸡苗\r\n买贵了  ' }, { lessonSlug: lesson });
		expect(await standingRating(ana.id, COURSE, lesson)).toMatchObject({ face: 'ok', comment: '鸡苗 买贵了' });
		await rate({ face: 'hard' }, { lessonSlug: lesson });
		expect(await standingRating(ana.id, COURSE, lesson)).toMatchObject({ face: 'hard', comment: '鸡苗 买贵了' });
		// An empty comment is none: what was said stands.
		await rate({ face: 'hard', comment: ' \r\n ' }, { lessonSlug: lesson });
		expect(await standingRating(ana.id, COURSE, lesson)).toMatchObject({ comment: '鸡苗 买贵了' });
		await rate({ face: 'hard', comment: '打针那里没看明白' }, { lessonSlug: lesson });
		expect(await standingRating(ana.id, COURSE, lesson)).toMatchObject({ face: 'hard', comment: '打针那里没看明白' });
	});

	it.each([
		['no face', {}, 'face'],
		['a face we do not know', { face: 'angry' }, 'face'],
		['a comment over 200 characters', { face: 'ok', comment: '好'.repeat(201) }, 'comment_too_long']
	])('refuses %s, keeping what was typed', async (_, fields, error) => {
		const typed = (fields as { comment?: string }).comment ?? '';
		expect(await rate(fields)).toEqual({ ok: false, status: 400, error, comment: typed });
		expect(await eventsOf('rating')).toHaveLength(0);
	});

	it('counts line breaks and runs of spaces as one, as they are kept', async () => {
		const comment = `${'好'.repeat(100)}\r\n\r\n${'好'.repeat(99)}`;
		expect(await rate({ face: 'ok', comment })).toMatchObject({
			ok: true,
			rating: { comment: comment.replace(/\s+/g, ' ') }
		});
	});

	it('refuses a form without its event, of a lesson the course does not have, or with an id used for another', async () => {
		expect(await rate({ face: 'ok' }, { eventId: 'not-a-uuid' })).toMatchObject({ status: 400, error: 'not_saved' });
		expect(await rate({ face: 'ok', comment: '好' }, { lessonSlug: 'no-such-lesson' })).toEqual({
			ok: false,
			status: 400,
			error: 'not_saved',
			comment: '好'
		});
		const eventId = crypto.randomUUID();
		await rate({ face: 'ok' }, { eventId });
		expect(await rate({ face: 'ok' }, { eventId, lessonSlug: lesson })).toMatchObject({
			status: 409,
			error: 'not_saved'
		});
		expect(await eventsOf('rating')).toHaveLength(1);
	});
});

describe('"我没看懂" sent by a form, and what the lesson page shows after a post', () => {
	it('is heard once, and the answer to the post says so with fresh ids for the next forms', async () => {
		const before = await lessonFeedbackForms(ana.id, COURSE, lesson);
		expect(before).toMatchObject({ done: false, rating: null, notUnderstood: false });
		const eventId = crypto.randomUUID();
		const sent = () =>
			notUnderstoodByForm(ana, { courseSlug: COURSE, lessonSlug: lesson, form: form({}, eventId), origin: ORIGIN });
		expect(await sent()).toEqual({ ok: true });
		expect(await sent()).toEqual({ ok: true });
		expect(await eventsOf('not_understood')).toHaveLength(1);

		const completion = {
			id: crypto.randomUUID(),
			userId: ana.id,
			kind: 'lesson_completed',
			courseSlug: COURSE,
			lessonSlug: lesson,
			contentVersion: version,
			clientAt: new Date()
		};
		await applyEvents(ana, [completion], ORIGIN);
		await rate({ face: 'useful' }, { lessonSlug: lesson });
		const after = await lessonFeedbackForms(ana.id, COURSE, lesson);
		expect(after).toMatchObject({ done: true, rating: { face: 'useful' }, notUnderstood: true });
		expect(new Set([before.rateId, before.notUnderstoodId, after.rateId, after.notUnderstoodId]).size).toBe(4);
	});

	it('refuses a form without its event id', async () => {
		const data = form({});
		data.delete('eventId');
		expect(
			await notUnderstoodByForm(ana, { courseSlug: COURSE, lessonSlug: lesson, form: data, origin: ORIGIN })
		).toMatchObject({ ok: false, status: 400, error: 'not_saved' });
	});
});
