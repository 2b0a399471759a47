import { eq, or } from 'drizzle-orm';
import { inList } from '../db/dialect.ts';
import type { Executor } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';

export interface VillageRef {
	id: number;
	code: string;
	name: string;
}

export interface HouseholdRef {
	id: number;
	code: string;
	villageId: number;
	townshipId: number;
}

export async function villagesOfTownship(database: Executor, townshipId: number): Promise<VillageRef[]> {
	return await database
		.select({ id: villages.id, code: villages.code, name: villages.name })
		.from(villages)
		.where(eq(villages.townshipId, townshipId));
}

/** Households with these codes, in any township (a code is unique county-wide). */
export async function householdsByCode(database: Executor, codes: Iterable<string>): Promise<HouseholdRef[]> {
	return await database
		.select({
			id: households.id,
			code: households.code,
			villageId: households.villageId,
			townshipId: villages.townshipId
		})
		.from(households)
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(inList(households.code, codes));
}

/** Which of these phones are taken, as a phone or as a username (a learner's username is often a phone). */
export async function takenPhones(database: Executor, phones: Iterable<string>): Promise<Set<string>> {
	const list = [...phones];
	const rows = await database
		.select({ phone: users.phone, username: users.username })
		.from(users)
		.where(or(inList(users.phone, list), inList(users.username, list)));
	const wanted = new Set(list);
	return new Set(rows.flatMap((r) => [r.phone, r.username]).filter((v): v is string => !!v && wanted.has(v)));
}

export async function takenIdNumbers(database: Executor, ids: Iterable<string>): Promise<Set<string>> {
	const rows = await database.select({ id: users.idNumber }).from(users).where(inList(users.idNumber, ids));
	return new Set(rows.map((r) => r.id).filter((v): v is string => !!v));
}

/** "householdId name" of people already registered in these households. */
export async function namesInHouseholds(database: Executor, householdIds: Iterable<number>): Promise<Set<string>> {
	const rows = await database
		.select({ householdId: users.householdId, name: users.name })
		.from(users)
		.where(inList(users.householdId, householdIds));
	return new Set(rows.map((r) => `${r.householdId} ${r.name}`));
}
