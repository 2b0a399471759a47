import { and, asc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { db, type Executor } from '../db/index.ts';
import { households, opportunities, opportunityCourses, opportunityInterest, users, villages } from '../db/schema.ts';
import { getCourse } from '../content/index.ts';
import type { LearnerOpportunities } from '../../opportunities/types.ts';
import { first } from '../db/dialect.ts';

/** The township a learner's household lives in; null for anyone else. */
export async function learnerTownship(userId: number, database: Executor = db): Promise<number | null> {
	return (
		(
			await first(
				database
					.select({ townshipId: villages.townshipId })
					.from(users)
					.innerJoin(households, eq(users.householdId, households.id))
					.innerJoin(villages, eq(households.villageId, villages.id))
					.where(and(eq(users.id, userId), eq(users.role, 'learner')))
			)
		)?.townshipId ?? null
	);
}

/**
 * The open opportunities for a learner's township (its own and the county's), soonest expiry first, with the
 * courses each asks for and whether the learner said they are interested. Personal (the township and the
 * interest): the endpoint that serves it is never stored, and the phone keeps it per learner.
 */
export async function opportunitiesForLearner(userId: number, today: string): Promise<LearnerOpportunities> {
	const township = await learnerTownship(userId);
	if (township === null) return { userId, today, opportunities: [] };
	const rows = await db
		.select({
			id: opportunities.id,
			kind: opportunities.kind,
			title: opportunities.title,
			description: opportunities.description,
			place: opportunities.place,
			startsOn: opportunities.startsOn,
			endsOn: opportunities.endsOn,
			expiresOn: opportunities.expiresOn,
			contactName: opportunities.contactName,
			contactPhone: opportunities.contactPhone,
			interested: opportunityInterest.interested
		})
		.from(opportunities)
		.leftJoin(
			opportunityInterest,
			and(eq(opportunityInterest.opportunityId, opportunities.id), eq(opportunityInterest.userId, userId))
		)
		.where(
			and(
				or(eq(opportunities.townshipId, township), isNull(opportunities.townshipId)),
				isNull(opportunities.closedAt),
				gte(opportunities.expiresOn, today)
			)
		)
		.orderBy(asc(opportunities.expiresOn), asc(opportunities.id));
	const links =
		rows.length === 0
			? []
			: await db
					.select()
					.from(opportunityCourses)
					.where(
						inArray(
							opportunityCourses.opportunityId,
							rows.map((r) => r.id)
						)
					);
	const titles = new Map<string, string>();
	for (const l of links) titles.set(l.courseSlug, (await getCourse(l.courseSlug))?.title ?? l.courseSlug);
	return {
		userId,
		today,
		opportunities: rows.map((r) => ({
			...r,
			interested: r.interested ?? false,
			courses: links
				.filter((l) => l.opportunityId === r.id)
				.map((l) => ({ slug: l.courseSlug, title: titles.get(l.courseSlug)! }))
		}))
	};
}
