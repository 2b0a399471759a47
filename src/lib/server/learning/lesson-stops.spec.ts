import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { applyEvents } from '../sync/apply.ts';
import { lessonStops } from './lesson-stops.ts';
import { first } from '../db/dialect.ts';

const COURSE = 'raising-chickens';

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
beforeEach(async () => {
	env = await useDemoDatabase();
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

it('counts, for each lesson, the learners who did it a week or more ago and not the lesson after it', async () => {
	const course = (await getCourse(COURSE))!;
	const slugs = course.lessons.map((l) => l.slug);
	const ids = await Promise.all(
		['13800000001', '13800000002', '13800000003'].map(
			async (username) =>
				(await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, username))))!.id
		)
	);
	await env.db
		.update(users)
		.set({ createdAt: new Date(Date.now() - 30 * 86_400_000) })
		.where(inArray(users.id, ids));
	const learn = (userId: number, lessons: string[], days: number) =>
		applyEvents(
			{ id: userId },
			lessons.map((lessonSlug) => ({
				id: uuid(),
				userId,
				kind: 'lesson_completed',
				courseSlug: COURSE,
				lessonSlug,
				contentVersion: course.version,
				clientAt: daysAgo(days)
			})),
			'https://learn.example.cn'
		);
	const [a, b, c] = ids;
	// a stopped after the second lesson; b after the first; c did the first two only yesterday (not stopped yet);
	// and b did the fourth lesson as well, skipping the third: stopped after the fourth is not counted for the
	// last lesson (there is no next one) but is for the fourth.
	await learn(a, slugs.slice(0, 2), 10);
	await learn(b, [slugs[0], slugs[3]], 10);
	await learn(c, slugs.slice(0, 2), 1);

	const stops = await lessonStops(COURSE, slugs);
	expect(stops).toHaveLength(slugs.length);
	expect(stops.slice(0, 4)).toEqual([1, 1, 0, 1]);
	expect(stops.at(-1)).toBe(0);
	expect(await lessonStops(COURSE, [slugs[0]])).toEqual([0]);
});
