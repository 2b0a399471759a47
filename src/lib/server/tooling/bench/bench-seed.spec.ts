import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../db/index.ts';
import { learnerCourses, users } from '../../db/schema.ts';
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
