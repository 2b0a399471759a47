import { asc, eq } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db } from '../db/index.ts';
import { counties, townships, villages } from '../db/schema.ts';
import { cleanName, NAME_CHARACTERS_ERROR } from '../text/names.ts';

export type RegionError = 'error_code_taken' | 'error_unknown_parent' | typeof NAME_CHARACTERS_ERROR;

const badName = { ok: false as const, field: 'name', error: NAME_CHARACTERS_ERROR as RegionError };

/** The county's townships with their villages, for the admin area (townships without villages included). */
export function listTownshipsWithVillages() {
	const towns = db.select().from(townships).orderBy(asc(townships.code)).all();
	const vills = db.select().from(villages).orderBy(asc(villages.code)).all();
	return towns.map((t) => ({
		id: t.id,
		code: t.code,
		name: t.name,
		villages: vills.filter((v) => v.townshipId === t.id).map((v) => ({ id: v.id, code: v.code, name: v.name }))
	}));
}

/** The single county of this install (a province-wide install would pick one; the schema allows many). */
export function currentCounty() {
	return db.select().from(counties).orderBy(asc(counties.id)).get() ?? null;
}

function codeTaken(table: typeof townships | typeof villages, code: string): boolean {
	return !!db.select({ id: table.id }).from(table).where(eq(table.code, code)).get();
}

/** Adds a township to the county. */
export function createTownship(actorId: number, typed: { countyId: number; code: string; name: string }) {
	const name = cleanName(typed.name);
	if (name === null) return badName;
	const input = { ...typed, name };
	if (!db.select({ id: counties.id }).from(counties).where(eq(counties.id, input.countyId)).get()) {
		return { ok: false as const, field: 'countyId', error: 'error_unknown_parent' as RegionError };
	}
	if (codeTaken(townships, input.code))
		return { ok: false as const, field: 'code', error: 'error_code_taken' as RegionError };
	const id = db.transaction((tx) => {
		const row = tx.insert(townships).values(input).returning({ id: townships.id }).get();
		audit(
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
export function createVillage(actorId: number, typed: { townshipId: number; code: string; name: string }) {
	const name = cleanName(typed.name);
	if (name === null) return badName;
	const input = { ...typed, name };
	if (!db.select({ id: townships.id }).from(townships).where(eq(townships.id, input.townshipId)).get()) {
		return { ok: false as const, field: 'townshipId', error: 'error_unknown_parent' as RegionError };
	}
	if (codeTaken(villages, input.code))
		return { ok: false as const, field: 'code', error: 'error_code_taken' as RegionError };
	const id = db.transaction((tx) => {
		const row = tx.insert(villages).values(input).returning({ id: villages.id }).get();
		audit(
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
