// "学习之星": learners of a village who chose to be shown, with what they did this China month. Nobody who did
// not choose it is ever named to other learners (the choice is off until the learner turns it on).
import { eq, sql } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { learnerSettings } from '../db/schema.ts';
import { chinaMonthStart } from '../records/dashboard.ts';
import { dbTime, first, rawRows } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

export interface Star {
	userId: number;
	name: string;
	lessons: number;
	certificates: number;
}

/** Whether the learner chose to be listed as a star of the month. */
export async function showsAsStar(userId: number): Promise<boolean> {
	return (
		(
			await first(
				db.select({ on: learnerSettings.showAsStar }).from(learnerSettings).where(eq(learnerSettings.userId, userId))
			)
		)?.on ?? false
	);
}

/** The learner's own choice; only the learner may make it (the caller passes the signed-in learner's id). */
export async function setShowAsStar(userId: number, on: boolean, now = new Date()): Promise<void> {
	await db
		.insert(learnerSettings)
		.values({ userId, showAsStar: on, updatedAt: now, countyId: countyOfUser(userId) })
		.onConflictDoUpdate({ target: learnerSettings.userId, set: { showAsStar: on, updatedAt: now } });
}

/**
 * The village's stars of this month: learners who opted in and completed a lesson or earned a certificate this
 * month, most certificates then most lessons first. Reads the few opted-in learners of the village, then their
 * completions and certificates of the month through their own indexes.
 */
export async function villageStars(villageId: number, now = new Date(), limit = 10): Promise<Star[]> {
	const from = dbTime(chinaMonthStart(now));
	const to = dbTime(now);
	const found = await rawRows<Star>(
		db,
		sql`select u.id as "userId", u.name as name,
			(select count(*) from lesson_completions lc
				where lc.user_id = u.id and lc.completed_at >= ${from} and lc.completed_at < ${to}) as lessons,
			(select count(*) from certificates c
				where c.user_id = u.id and c.revoked_at is null and c.issued_at >= ${from} and c.issued_at < ${to}) as certificates
		from learner_settings s
		join users u on u.id = s.user_id
		join households h on h.id = u.household_id
		where s.show_as_star and h.village_id = ${villageId} and u.role = 'learner' and u.disabled_at is null`
	);
	// PostgreSQL's counts are bigints, which node-postgres hands over as text.
	const rows = found.map((r) => ({ ...r, lessons: Number(r.lessons), certificates: Number(r.certificates) }));
	return rows
		.filter((r) => r.lessons > 0 || r.certificates > 0)
		.sort((a, b) => b.certificates - a.certificates || b.lessons - a.lessons || a.userId - b.userId)
		.slice(0, limit);
}
