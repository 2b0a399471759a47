import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';

/**
 * A list as one bound parameter: `x in (select value from json_each(?))` keeps a 20,000-row roster to a single
 * query per lookup, well under SQLite's limit on bound variables.
 */
export function jsonList(values: Iterable<string | number>): SQL {
	return sql`(select value from json_each(${JSON.stringify([...values])}))`;
}

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

export function villagesOfTownship(database: Executor, townshipId: number): VillageRef[] {
	return database
		.select({ id: villages.id, code: villages.code, name: villages.name })
		.from(villages)
		.where(eq(villages.townshipId, townshipId))
		.all();
}

/** Households with these codes, in any township (a code is unique county-wide). */
export function householdsByCode(database: Executor, codes: Iterable<string>): HouseholdRef[] {
	return database
		.select({
			id: households.id,
			code: households.code,
			villageId: households.villageId,
			townshipId: villages.townshipId
		})
		.from(households)
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(inArray(households.code, jsonList(codes)))
		.all();
}

/** Which of these phones are taken, as a phone or as a username (a learner's username is often a phone). */
export function takenPhones(database: Executor, phones: Iterable<string>): Set<string> {
	const list = [...phones];
	const rows = database
		.select({ phone: users.phone, username: users.username })
		.from(users)
		.where(or(inArray(users.phone, jsonList(list)), inArray(users.username, jsonList(list))))
		.all();
	const wanted = new Set(list);
	return new Set(rows.flatMap((r) => [r.phone, r.username]).filter((v): v is string => !!v && wanted.has(v)));
}

export function takenIdNumbers(database: Executor, ids: Iterable<string>): Set<string> {
	const rows = database
		.select({ id: users.idNumber })
		.from(users)
		.where(inArray(users.idNumber, jsonList(ids)))
		.all();
	return new Set(rows.map((r) => r.id).filter((v): v is string => !!v));
}

/** "householdId name" of people already registered in these households. */
export function namesInHouseholds(database: Executor, householdIds: Iterable<number>): Set<string> {
	const rows = database
		.select({ householdId: users.householdId, name: users.name })
		.from(users)
		.where(inArray(users.householdId, jsonList(householdIds)))
		.all();
	return new Set(rows.map((r) => `${r.householdId} ${r.name}`));
}
