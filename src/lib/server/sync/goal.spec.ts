import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { learnerGoals, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { applyEvents } from './apply.ts';
import { learnerState } from './state.ts';
import { first } from '../db/dialect.ts';

const ORIGIN = 'https://learn.example.cn';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learner: { id: number };

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000002'))))!;
	// An account made a year ago, so events from the last weeks keep the times the phone gave them.
	await env.db
		.update(users)
		.set({ createdAt: new Date(Date.now() - 365 * 86_400_000) })
		.where(eq(users.id, learner.id));
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const goal = (lessonsPerWeek: unknown, clientAt = minutesAgo(1), id = uuid()) => ({
	id,
	userId: learner.id,
	kind: 'goal_set',
	clientAt,
	payload: { lessonsPerWeek }
});
const statuses = async (events: unknown[]) =>
	(await applyEvents(learner, events, ORIGIN)).outcomes.map((o) => ('reason' in o ? o.reason : o.status));

describe('the goal_set event', () => {
	it.each([
		['a whole number of lessons from 1 to 7', [1, 4, 7], 'applied'],
		['none, too many, or not a whole number', [0, 8, 2.5, '3', null], 'invalid']
	])('takes %s', async (_, choices, expected) => {
		for (const choice of choices) expect(await statuses([goal(choice)])).toEqual([expected]);
	});

	it('refuses extra fields, and a goal for another learner', async () => {
		expect(await statuses([{ ...goal(3), courseSlug: 'raising-chickens' }])).toEqual(['invalid']);
		expect(await statuses([{ ...goal(3), payload: { lessonsPerWeek: 3, note: 'x' } }])).toEqual(['invalid']);
		expect(await statuses([{ ...goal(3), userId: learner.id + 1 }])).toEqual(['other_user']);
		expect((await learnerState(learner.id)).goal).toBeNull();
	});

	it('keeps the latest choice by its time, whatever order the phones send them in', async () => {
		const early = goal(2, minutesAgo(60));
		const late = goal(5, minutesAgo(10));
		expect(await statuses([late])).toEqual(['applied']);
		// The older choice arrives later (another phone, offline for a while): heard, and overtaken.
		expect(await statuses([early])).toEqual(['applied']);
		expect((await learnerState(learner.id)).goal).toEqual({ lessonsPerWeek: 5, setAt: late.clientAt });
		const later = goal(3, minutesAgo(1));
		await statuses([later]);
		expect((await learnerState(learner.id)).goal).toEqual({ lessonsPerWeek: 3, setAt: later.clientAt });
	});

	it('breaks a tie of times by the event id, and answers a resend "duplicate"', async () => {
		const at = minutesAgo(5);
		const a = goal(2, at, '00000000-0000-4000-8000-00000000000a');
		const b = goal(6, at, '00000000-0000-4000-8000-00000000000b');
		expect(await statuses([b, a])).toEqual(['applied', 'applied']);
		expect((await learnerState(learner.id)).goal?.lessonsPerWeek).toBe(6);
		expect(await statuses([b])).toEqual(['duplicate']);
		expect(await env.db.select().from(learnerGoals)).toHaveLength(1);
	});

	it('clamps a phone’s time from the future to the arrival, so it cannot win for ever', async () => {
		const future = goal(7, new Date(Date.now() + 30 * 86_400_000).toISOString());
		await statuses([future]);
		const setAt = Date.parse((await learnerState(learner.id)).goal!.setAt);
		expect(setAt).toBeLessThanOrEqual(Date.now());
		await statuses([goal(2, new Date(Date.now() + 1000).toISOString())]);
		expect((await learnerState(learner.id)).goal?.lessonsPerWeek).toBe(2);
	});
});

describe('lesson days in the learner state', () => {
	it('counts first completions per China day for the calendar, and not lessons older than its weeks', async () => {
		const course = (await getCourse('raising-chickens'))!;
		const [a, b] = course.lessons;
		// 23:30 UTC is 07:30 the next morning in China.
		const lateUtc = new Date();
		lateUtc.setUTCDate(lateUtc.getUTCDate() - 2);
		lateUtc.setUTCHours(23, 30, 0, 0);
		const lesson = (slug: string, clientAt: string) => ({
			id: uuid(),
			userId: learner.id,
			kind: 'lesson_completed',
			courseSlug: course.slug,
			lessonSlug: slug,
			contentVersion: course.version,
			clientAt
		});
		await applyEvents(
			learner,
			[lesson(a.slug, lateUtc.toISOString()), lesson(b.slug, lateUtc.toISOString()), lesson(a.slug, minutesAgo(1))],
			ORIGIN
		);
		const chinaDay = new Date(lateUtc.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
		expect((await learnerState(learner.id)).lessonDays).toEqual({ [chinaDay]: 2 });
		// Completed 200 days ago (clamped to the offline window, still weeks before the calendar's first week).
		const now = new Date(Date.now() + 200 * 86_400_000);
		expect((await learnerState(learner.id, now)).lessonDays).toEqual({});
	});
});
