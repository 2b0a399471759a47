import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { learnerRatings, learningEvents, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { applyEvents } from '../sync/apply.ts';
import { learnerState } from '../sync/state.ts';
import { courseFeedback } from './course-feedback.ts';
import { countyRatings, trainerRatings } from './county.ts';
import { first } from '../db/dialect.ts';

const COURSE = 'raising-chickens';
const ORIGIN = 'https://learn.example.cn';

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let version: string;
let lessons: string[];
let [ana, bo, trainer]: { id: number; name: string }[] = [];

beforeEach(async () => {
	env = await useDemoDatabase();
	const who = async (username: string) =>
		(await first(env.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.username, username))))!;
	[ana, bo, trainer] = [await who('13800000001'), await who('13800000002'), await who('trainer')];
	// Accounts made a month ago, so events of the last days keep the times the phone gave them.
	await env.db
		.update(users)
		.set({ createdAt: new Date(Date.now() - 30 * 86_400_000) })
		.where(inArray(users.id, [ana.id, bo.id, trainer.id]));
	const course = (await getCourse(COURSE))!;
	version = course.version;
	lessons = course.lessons.map((l) => l.slug);
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A rating as a phone makes it: of the course (no lesson) or of a lesson. */
const rating = (
	who: { id: number },
	payload: Record<string, unknown>,
	{ lesson = null as string | null, at = minutesAgo(1), id = uuid() } = {}
) => ({
	id,
	userId: who.id,
	kind: 'rating',
	courseSlug: COURSE,
	lessonSlug: lesson,
	contentVersion: version,
	clientAt: at,
	payload
});
const notUnderstood = (who: { id: number }, lesson: string) => ({
	id: uuid(),
	userId: who.id,
	kind: 'not_understood',
	courseSlug: COURSE,
	lessonSlug: lesson,
	contentVersion: version,
	clientAt: minutesAgo(1)
});
const send = async (who: { id: number }, events: unknown[]) =>
	(await applyEvents(who, events, ORIGIN)).outcomes.map((o) => ('reason' in o ? o.reason : o.status));

describe('the rating event', () => {
	it.each([
		['a face alone', { face: 'useful' }, 'applied'],
		['a face and a comment', { face: 'hard', comment: '第三课太快了' }, 'applied'],
		['a comment of 200 characters', { face: 'ok', comment: '好'.repeat(200) }, 'applied'],
		['no face, or a face we do not know', { comment: '好' }, 'invalid'],
		['another face', { face: 'angry' }, 'invalid'],
		['a very long comment', { face: 'ok', comment: '好'.repeat(401) }, 'invalid'],
		['a field of its own', { face: 'ok', name: '李秀英' }, 'invalid']
	])('takes %s: %s', async (_, payload, expected) => {
		expect(await send(ana, [rating(ana, payload)])).toEqual([expected]);
	});

	it('rates a lesson of the course, never a lesson it does not have; "我没看懂" needs a lesson', async () => {
		expect(await send(ana, [rating(ana, { face: 'ok' }, { lesson: lessons[1] })])).toEqual(['applied']);
		expect(await send(ana, [rating(ana, { face: 'ok' }, { lesson: 'no-such-lesson' })])).toEqual(['unknown_lesson']);
		expect(await send(ana, [{ ...notUnderstood(ana, lessons[0]), lessonSlug: null }])).toEqual(['invalid']);
		expect(await send(ana, [notUnderstood(ana, 'no-such-lesson')])).toEqual(['unknown_lesson']);
	});

	it('keeps a comment as tidy text: invisible characters out, spaces made one, capped', async () => {
		const typed = ` 鸡苗\u202E买\u200B贵了\n\n  <b>怎么办</b>?\u0007 ${'好'.repeat(200)}`;
		expect(await send(ana, [rating(ana, { face: 'hard', comment: typed })])).toEqual(['applied']);
		const kept = (await first(env.db.select().from(learnerRatings).limit(1)))!;
		expect(kept.comment).toBe(`鸡苗买贵了 <b>怎么办</b>? ${'好'.repeat(200)}`.slice(0, 200));
		expect(kept.comment).toHaveLength(200);
		// A comment of spaces is no comment.
		expect(await send(ana, [rating(ana, { face: 'ok', comment: '  \n ' })])).toEqual(['applied']);
		expect((await first(env.db.select().from(learnerRatings).limit(1)))!.comment).toBeNull();
	});

	it('counts once however often it is sent, and the latest rating counts whatever order they arrive in', async () => {
		const early = rating(ana, { face: 'hard', comment: '看不懂' }, { at: minutesAgo(60) });
		const late = rating(ana, { face: 'useful', comment: '学会了' }, { at: minutesAgo(5) });
		expect(await send(ana, [late, late])).toEqual(['applied', 'duplicate']);
		// The older rating arrives later (another phone, offline for a while): heard, and overtaken.
		expect(await send(ana, [early])).toEqual(['applied']);
		expect(await send(ana, [early, late])).toEqual(['duplicate', 'duplicate']);
		expect((await learnerState(ana.id)).ratings).toEqual({
			[COURSE]: { face: 'useful', comment: '学会了', at: late.clientAt }
		});
		expect(await env.db.select().from(learningEvents).where(eq(learningEvents.kind, 'rating'))).toHaveLength(2);
		// An id used for another lesson is not a resend.
		expect(await send(ana, [{ ...late, lessonSlug: lessons[0] }])).toEqual(['id_conflict']);
	});

	it('is neither learning activity nor a step towards a certificate', async () => {
		expect(await send(ana, [rating(ana, { face: 'useful' }), notUnderstood(ana, lessons[0])])).toEqual([
			'applied',
			'applied'
		]);
		const row = (await first(env.db.select({ at: users.lastActiveAt }).from(users).where(eq(users.id, ana.id))))!;
		expect(row.at).toBeNull();
		expect((await learnerState(ana.id)).progress).toEqual({});
	});

	it("goes back to the learner's own phone in their state, and to nobody else's", async () => {
		await send(ana, [rating(ana, { face: 'ok' }, { lesson: lessons[2] }), notUnderstood(ana, lessons[2])]);
		expect(await send(bo, [rating(ana, { face: 'useful' })])).toEqual(['other_user']);
		const state = await learnerState(ana.id);
		expect(Object.keys(state.ratings)).toEqual([`${COURSE}/${lessons[2]}`]);
		expect(state.notUnderstood).toEqual([`${COURSE}/${lessons[2]}`]);
		expect(await learnerState(bo.id)).toMatchObject({ ratings: {}, notUnderstood: [] });
	});
});

describe("the trainer's and the county's view", () => {
	it('counts faces per course and lesson and "我没看懂" per learner, and shows comments without names', async () => {
		await send(ana, [
			rating(ana, { face: 'useful', comment: '很有用，谢谢老师' }),
			rating(ana, { face: 'hard', comment: '打针那里没看明白' }, { lesson: lessons[2] }),
			notUnderstood(ana, lessons[2]),
			notUnderstood(ana, lessons[2])
		]);
		await send(bo, [rating(bo, { face: 'useful' }), notUnderstood(bo, lessons[2])]);
		// A trainer trying the course is not its audience.
		await send(trainer, [rating(trainer, { face: 'hard', comment: '试一试' }), notUnderstood(trainer, lessons[0])]);

		const feedback = await courseFeedback(COURSE, lessons);
		expect(feedback.course).toEqual({ hard: 0, ok: 0, useful: 2 });
		expect(feedback.lessons[2]).toEqual({ slug: lessons[2], faces: { hard: 1, ok: 0, useful: 0 }, notUnderstood: 2 });
		expect(feedback.lessons[0].notUnderstood).toBe(0);
		expect(feedback.comments.map((c) => [c.face, c.text, c.lessonSlug])).toEqual(
			expect.arrayContaining([
				['useful', '很有用，谢谢老师', null],
				['hard', '打针那里没看明白', lessons[2]]
			])
		);
		expect(feedback.comments).toHaveLength(2);
		// Nothing that points at a person: no account, name or time finer than the day.
		for (const comment of feedback.comments)
			expect(Object.keys(comment).sort()).toEqual(['day', 'face', 'lessonSlug', 'text']);
		expect(JSON.stringify(feedback)).not.toContain(ana.name);

		const county = await countyRatings();
		expect(county.map((r) => r.slug)).toContain(COURSE);
		expect(county.find((r) => r.slug === COURSE)).toMatchObject({
			course: { hard: 0, ok: 0, useful: 2 },
			lessons: { hard: 1, ok: 0, useful: 0 },
			notUnderstood: 2
		});
		expect(county.find((r) => r.slug !== COURSE)).toMatchObject({ course: { hard: 0, ok: 0, useful: 0 } });
		// The shipped courses came with the app: one row for them all, no trainer's name.
		expect(trainerRatings(county)).toEqual([
			expect.objectContaining({ trainer: null, courses: county.length, course: { hard: 0, ok: 0, useful: 2 } })
		]);
	});
});
