import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { learnerCourses, learnerGoals, users } from '../../db/schema.ts';
import { learnerState } from '../../sync/state.ts';
import { weekSummary } from '../../../learning/weeks.ts';
import type { LearnerState } from '../../../sync/protocol.ts';
import { rebuildLearnerCourses } from '../../learning/summary.ts';
import { byCourse, overview } from '../../records/dashboard.ts';
import { needsHelp } from '../../records/learners.ts';
import { seedDemoActivity } from './demo-activity.ts';
import { HISTORY_LEARNER, seedDemoLearner } from './demo-learner.ts';
import { showsAsStar } from '../../village/stars.ts';
import { countyRatings } from '../../ratings/county.ts';
import { useDemoDatabase } from '../test-db.ts';
import { first } from '../../db/dialect.ts';
import { writeTransaction } from '../../db/index.ts';

const ORIGIN = 'https://learn.example.cn';
const NOW = new Date('2026-11-29T06:00:00Z');

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
beforeEach(async () => {
	env = await useDemoDatabase();
});
afterEach(() => env.cleanup());

describe('the demo county learning history', () => {
	it('gives the records something real to show: months of certificates, pass rates, and learners who need help', async () => {
		const counts = await seedDemoActivity(ORIGIN, NOW);
		expect(counts.learners).toBeGreaterThan(30);
		expect(counts.certificates).toBeGreaterThan(10);
		expect(counts.attempts).toBeGreaterThan(counts.certificates);

		const county = await overview(null, NOW);
		expect(county.certificates).toBe(counts.certificates);
		expect(county.certificatesByMonth.filter((m) => m.count > 0).length).toBeGreaterThanOrEqual(4);
		expect(county.activeLearners).toBeGreaterThan(0);
		expect(county.activeLearners).toBeLessThan(counts.learners);
		for (const course of await byCourse(null)) expect(course.started).toBeGreaterThan(0);
		// What learners said about the courses they finished (issue 15).
		const ratings = await countyRatings();
		expect(ratings.reduce((n, r) => n + r.course.hard + r.course.ok + r.course.useful, 0)).toBeGreaterThan(5);
		expect(ratings.some((r) => r.notUnderstood > 0)).toBe(true);

		const reasons = (await needsHelp(null, NOW)).flatMap((p) => p.reasons.map((r) => r.kind));
		expect(reasons).toContain('inactive');
		expect(reasons).toContain('failed_exam');

		// The demo accounts are left as they were, ready to show a course from the start.
		const demoLearners = (await env.db.select().from(users)).filter((u) => u.username.startsWith('1380000000'));
		expect(demoLearners.length).toBeGreaterThanOrEqual(3);
		expect(demoLearners.map((u) => u.lastActiveAt).every((at) => at === null)).toBe(true);
	});

	it('goes through the sync path: the summary table agrees with the events it was built from', async () => {
		await seedDemoActivity(ORIGIN, NOW);
		const kept = await env.db
			.select()
			.from(learnerCourses)
			.orderBy(asc(learnerCourses.userId), asc(learnerCourses.courseSlug));
		await writeTransaction(async (tx) => rebuildLearnerCourses(tx), env.db);
		const rebuilt = await env.db
			.select()
			.from(learnerCourses)
			.orderBy(asc(learnerCourses.userId), asc(learnerCourses.courseSlug));
		expect(kept.length).toBeGreaterThan(30);
		expect(kept).toEqual(rebuilt);
	});
});

describe('the demo’s weekly goals', () => {
	it('gives learners of the last weeks goals, some of them met, through the sync path', async () => {
		await seedDemoActivity(ORIGIN, NOW);
		const withGoal = await env.db.select().from(learnerGoals);
		expect(withGoal.length).toBeGreaterThan(5);
		// As the phone gets it: JSON, dates as strings.
		const states = await Promise.all(
			withGoal.map(async (g) => JSON.parse(JSON.stringify(await learnerState(g.userId, NOW))) as LearnerState)
		);
		const met = states.filter((s) => weekSummary(s, [], NOW).weeksMet > 0);
		expect(met.length).toBeGreaterThan(0);
		// The demo accounts start with nothing: no goal either.
		const demo = (await env.db.select().from(users)).filter((u) => u.username.startsWith('1380000000'));
		expect(withGoal.filter((g) => demo.some((u) => u.id === g.userId))).toEqual([]);
	});
});

describe('the demo learner with a history', () => {
	it('has a goal, lessons on recent evenings, a certificate and a star, all sent through the sync path', async () => {
		await seedDemoActivity(ORIGIN, NOW);
		expect(await seedDemoLearner(ORIGIN, NOW)).toEqual({ lessons: 9, certificates: 1 });
		const { id } = (await first(
			env.db.select({ id: users.id }).from(users).where(eq(users.username, HISTORY_LEARNER))
		))!;
		// As the phone gets it: the answer's JSON.
		const state = JSON.parse(JSON.stringify(await learnerState(id, NOW))) as LearnerState;
		expect(state.progress['raising-chickens']).toHaveLength(6);
		expect(state.progress['phone-safety']).toHaveLength(3);
		expect(state.certificates.map((c) => c.courseSlug)).toEqual(['raising-chickens']);
		expect(state.goal?.lessonsPerWeek).toBe(3);
		// The calendar shows the last evenings in a row, and this week counts towards the goal.
		const days = Object.keys(state.lessonDays ?? {});
		expect(days.length).toBeGreaterThanOrEqual(5);
		expect(weekSummary(state, [], NOW).lessonsThisWeek).toBeGreaterThan(0);
		expect(await showsAsStar(id)).toBe(true);
	});
});
