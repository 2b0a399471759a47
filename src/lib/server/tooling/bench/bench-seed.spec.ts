import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../db/index.ts';
import { counties, learnerCourses, townships, users } from '../../db/schema.ts';
import { rebuildLearnerCourses } from '../../learning/summary.ts';
import { useFreshDatabase } from '../test-db.ts';
import { seedBenchCounty } from './bench-seed.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	env = await useFreshDatabase();
});
afterEach(() => env.cleanup());

describe('the bench county', () => {
	it('writes the summaries the app would make from its rows', async () => {
		const counts = await seedBenchCounty(env.db, {
			townships: 2,
			villagesPerTownship: 2,
			households: 30,
			learners: 80,
			now: new Date('2026-06-15T04:00:00Z'),
			seed: 11
		});
		expect(counts.certificates).toBeGreaterThan(0);
		const summaries = async () => ({
			courses: await env.db
				.select()
				.from(learnerCourses)
				.orderBy(asc(learnerCourses.userId), asc(learnerCourses.courseSlug)),
			learners: await env.db
				.select({ id: users.id, lastActiveAt: users.lastActiveAt, validCertificates: users.validCertificates })
				.from(users)
				.orderBy(asc(users.id))
		});
		const seeded = await summaries();
		expect(seeded.courses.length).toBeGreaterThan(80);
		await writeTransaction((tx) => rebuildLearnerCourses(tx), env.db);
		expect(await summaries()).toEqual(seeded);
	});

	it('shares the townships among the counties asked for, in order', async () => {
		await seedBenchCounty(env.db, {
			counties: 3,
			townships: 6,
			villagesPerTownship: 1,
			households: 6,
			learners: 12,
			seed: 3
		});
		const rows = await env.db
			.select({ county: counties.code, township: townships.code })
			.from(townships)
			.innerJoin(counties, eq(counties.id, townships.countyId))
			.orderBy(asc(townships.code));
		expect(rows.map((r) => r.county)).toEqual(['999001', '999001', '999002', '999002', '999003', '999003']);
	});

	it('leaves the next id past the ids it gave', async () => {
		await seedBenchCounty(env.db, { townships: 1, villagesPerTownship: 1, households: 3, learners: 5, seed: 2 });
		// The seed gives its ids itself: on PostgreSQL, the identity sequences must have been set past them.
		const [added] = await env.db
			.insert(users)
			.values({ role: 'admin', name: 'after', username: 'after-the-seed' })
			.returning({ id: users.id });
		expect(added.id).toBe(6);
	});
});
