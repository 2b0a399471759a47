import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.ts';
import { learnerState } from '../../sync/state.ts';
import { showsAsStar } from '../../village/stars.ts';
import { weekSummary } from '../../../learning/weeks.ts';
import type { LearnerState } from '../../../sync/protocol.ts';
import { seedDemoActivity } from './demo-activity.ts';
import { HISTORY_LEARNER, seedDemoLearner } from './demo-learner.ts';
import { useDemoDatabase } from '../test-db.ts';

const ORIGIN = 'https://learn.example.cn';
const NOW = new Date('2026-11-29T06:00:00Z');

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
beforeEach(async () => {
	env = await useDemoDatabase();
});
afterEach(() => env.cleanup());

describe('the demo learner with a history', () => {
	it('has a goal, lessons on recent evenings, a certificate and a star, all sent through the sync path', async () => {
		await seedDemoActivity(ORIGIN, NOW);
		expect(await seedDemoLearner(ORIGIN, NOW)).toEqual({ lessons: 9, certificates: 1 });
		const { id } = env.db.select({ id: users.id }).from(users).where(eq(users.username, HISTORY_LEARNER)).get()!;
		// As the phone gets it: the answer's JSON.
		const state = JSON.parse(JSON.stringify(learnerState(id, NOW))) as LearnerState;
		expect(state.progress['raising-chickens']).toHaveLength(6);
		expect(state.progress['phone-safety']).toHaveLength(3);
		expect(state.certificates.map((c) => c.courseSlug)).toEqual(['raising-chickens']);
		expect(state.goal?.lessonsPerWeek).toBe(3);
		// The calendar shows the last evenings in a row, and this week counts towards the goal.
		const days = Object.keys(state.lessonDays ?? {});
		expect(days.length).toBeGreaterThanOrEqual(5);
		expect(weekSummary(state, [], NOW).lessonsThisWeek).toBeGreaterThan(0);
		expect(showsAsStar(id)).toBe(true);
	});
});
