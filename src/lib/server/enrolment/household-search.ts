// Finding a household to enrol a learner into, by what staff know: the head's name, a member's name or part of
// the household number (nobody types 15 digits from memory). Only households of the staff member's township.
import { and, asc, eq, inArray, or, sql, type SQLWrapper } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';

export interface HouseholdMatch {
	id: number;
	code: string;
	headName: string;
	village: string;
	/** The learners already in it, so staff can tell two households with the same head's name apart. */
	members: string[];
}

/** Households of the township matching `query` (at least one character), at most `limit`, by village and number. */
export async function searchHouseholds(townshipId: number, query: string, limit = 20): Promise<HouseholdMatch[]> {
	const needle = query.trim().slice(0, 40);
	if (!needle) return [];
	const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const like = (column: SQLWrapper) => sql`${column} like ${pattern} escape '\\'`;
	const memberMatch = db
		.select({ id: users.householdId })
		.from(users)
		.where(and(eq(users.role, 'learner'), eq(users.townshipId, townshipId), like(users.name)));
	const found = await db
		.select({ id: households.id, code: households.code, headName: households.headName, village: villages.name })
		.from(households)
		.innerJoin(villages, eq(villages.id, households.villageId))
		.where(
			and(
				eq(villages.townshipId, townshipId),
				or(like(households.code), like(households.headName), inArray(households.id, memberMatch))
			)
		)
		.orderBy(asc(villages.code), asc(households.code))
		.limit(limit);
	if (!found.length) return [];
	const members = await db
		.select({ householdId: users.householdId, name: users.name })
		.from(users)
		.where(
			and(
				eq(users.role, 'learner'),
				inArray(
					users.householdId,
					found.map((h) => h.id)
				)
			)
		)
		.orderBy(asc(users.id));
	return found.map((h) => ({ ...h, members: members.filter((m) => m.householdId === h.id).map((m) => m.name) }));
}
