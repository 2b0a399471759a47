import { asc, count, eq } from 'drizzle-orm';
import { db } from './index.ts';
import { counties, households, townships, villages } from './schema.ts';
import { first } from './dialect.ts';

export interface VillageSummary {
	id: number;
	code: string;
	name: string;
	households: number;
}
export interface TownshipSummary {
	id: number;
	code: string;
	name: string;
	county: string;
	villages: VillageSummary[];
}

/** Every township with its villages and household counts, for the public areas page. */
export async function listAreas(): Promise<TownshipSummary[]> {
	const rows = await db
		.select({
			townshipId: townships.id,
			townshipCode: townships.code,
			townshipName: townships.name,
			county: counties.name,
			villageId: villages.id,
			villageCode: villages.code,
			villageName: villages.name,
			households: count(households.id)
		})
		.from(villages)
		.innerJoin(townships, eq(villages.townshipId, townships.id))
		.innerJoin(counties, eq(townships.countyId, counties.id))
		.leftJoin(households, eq(households.villageId, villages.id))
		.groupBy(villages.id, townships.id, counties.id)
		.orderBy(asc(townships.code), asc(villages.code));
	const byTownship = new Map<number, TownshipSummary>();
	for (const r of rows) {
		let t = byTownship.get(r.townshipId);
		if (!t) {
			t = { id: r.townshipId, code: r.townshipCode, name: r.townshipName, county: r.county, villages: [] };
			byTownship.set(r.townshipId, t);
		}
		t.villages.push({ id: r.villageId, code: r.villageCode, name: r.villageName, households: r.households });
	}
	return [...byTownship.values()];
}

/** One township's name and code, or null. */
export async function getTownship(id: number): Promise<{ id: number; code: string; name: string } | null> {
	return (
		(await first(
			db
				.select({ id: townships.id, code: townships.code, name: townships.name })
				.from(townships)
				.where(eq(townships.id, id))
		)) ?? null
	);
}

/** The villages of one township, by code. */
export async function villagesOf(townshipId: number): Promise<{ id: number; code: string; name: string }[]> {
	return await db
		.select({ id: villages.id, code: villages.code, name: villages.name })
		.from(villages)
		.where(eq(villages.townshipId, townshipId))
		.orderBy(asc(villages.code));
}
