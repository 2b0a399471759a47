import { asc, eq } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { counties, townships, villages } from '../db/schema.ts';
import { cleanName, NAME_CHARACTERS_ERROR } from '../text/names.ts';
import { first, one } from '../db/dialect.ts';

export type RegionError = 'error_code_taken' | 'error_unknown_parent' | typeof NAME_CHARACTERS_ERROR;

const badName = { ok: false as const, field: 'name', error: NAME_CHARACTERS_ERROR as RegionError };

/** The county's townships with their villages, for the admin area (townships without villages included). */
export async function listTownshipsWithVillages() {
	const towns = await db.select().from(townships).orderBy(asc(townships.code));
	const vills = await db.select().from(villages).orderBy(asc(villages.code));
	return towns.map((t) => ({
		id: t.id,
		code: t.code,
		name: t.name,
		villages: vills.filter((v) => v.townshipId === t.id).map((v) => ({ id: v.id, code: v.code, name: v.name }))
	}));
}

/** Every county in the database by its official code: one for a county's install, several for a province's. */
export async function listCounties() {
	return await db
		.select({ id: counties.id, code: counties.code, name: counties.name })
		.from(counties)
		.orderBy(asc(counties.code));
}

/** The townships of one county (or of every county: null) by their code, without their villages. */
export async function listTownships(countyId: number | null) {
	return await db
		.select({ id: townships.id, name: townships.name })
		.from(townships)
		.where(countyId === null ? undefined : eq(townships.countyId, countyId))
		.orderBy(asc(townships.code));
}

/** The single county of this install (a province-wide install would pick one; the schema allows many). */
export async function currentCounty() {
	return (await first(db.select().from(counties).orderBy(asc(counties.id)))) ?? null;
}

async function codeTaken(table: typeof townships | typeof villages, code: string): Promise<boolean> {
	return !!(await first(db.select({ id: table.id }).from(table).where(eq(table.code, code))));
}

/** Adds a township to the county. */
export async function createTownship(actorId: number, typed: { countyId: number; code: string; name: string }) {
	const name = cleanName(typed.name);
	if (name === null) return badName;
	const input = { ...typed, name };
	if (!(await first(db.select({ id: counties.id }).from(counties).where(eq(counties.id, input.countyId))))) {
		return { ok: false as const, field: 'countyId', error: 'error_unknown_parent' as RegionError };
	}
	if (await codeTaken(townships, input.code))
		return { ok: false as const, field: 'code', error: 'error_code_taken' as RegionError };
	const id = await writeTransaction(async (tx) => {
		const row = await one(tx.insert(townships).values(input).returning({ id: townships.id }));
		await audit(
			{
				actorId,
				action: 'township_created',
				targetType: 'township',
				targetId: row.id,
				townshipId: row.id,
				detail: input
			},
			tx
		);
		return row.id;
	});
	return { ok: true as const, id };
}

/** Adds a village to a township. */
export async function createVillage(actorId: number, typed: { townshipId: number; code: string; name: string }) {
	const name = cleanName(typed.name);
	if (name === null) return badName;
	const input = { ...typed, name };
	if (!(await first(db.select({ id: townships.id }).from(townships).where(eq(townships.id, input.townshipId))))) {
		return { ok: false as const, field: 'townshipId', error: 'error_unknown_parent' as RegionError };
	}
	if (await codeTaken(villages, input.code))
		return { ok: false as const, field: 'code', error: 'error_code_taken' as RegionError };
	const id = await writeTransaction(async (tx) => {
		const row = await one(tx.insert(villages).values(input).returning({ id: villages.id }));
		await audit(
			{
				actorId,
				action: 'village_created',
				targetType: 'village',
				targetId: row.id,
				townshipId: input.townshipId,
				detail: input
			},
			tx
		);
		return row.id;
	});
	return { ok: true as const, id };
}
