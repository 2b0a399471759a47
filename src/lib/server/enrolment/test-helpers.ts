import { eq, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/index.ts';
import { households, townships, users } from '../db/schema.ts';
import { seedDemo } from '../tooling/seed/seed.ts';
import { first, rawRows, one } from '../db/dialect.ts';
import { countyOfTownship } from '../db/county.ts';

/** Test-only helpers for the enrolment specs (fixtures, the demo county, row counts). */
export const FIXTURES = join(process.cwd(), 'tests/fixtures/roster');

export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Seeds the demo county and adds a staff member to each township; returns their ids. */
export async function seedCounty(
	db: Db
): Promise<{ jinhe: number; tongchang: number; staff: number; otherStaff: number }> {
	await seedDemo(db);
	const township = async (code: string) =>
		(await first(db.select().from(townships).where(eq(townships.code, code))))!.id;
	const jinhe = await township('532530101');
	const tongchang = await township('532530102');
	const staff = async (username: string, townshipId: number) =>
		(
			await one(
				db
					.insert(users)
					.values({
						role: 'staff',
						name: '工作人员',
						username,
						townshipId,
						countyId: countyOfTownship(townshipId),
						passwordHash: 'x'
					})
					.returning({ id: users.id })
			)
		).id;
	return {
		jinhe,
		tongchang,
		staff: await staff('test-staff-jinhe', jinhe),
		otherStaff: await staff('test-staff-tongchang', tongchang)
	};
}

export async function householdId(db: Db, code: string): Promise<number> {
	return (await first(db.select().from(households).where(eq(households.code, code))))!.id;
}

export async function rowCounts(db: Db): Promise<{ households: number; users: number; audit: number }> {
	const one = async (table: string) =>
		Number((await first(rawRows<{ n: number }>(db, sql.raw(`select count(*) as n from ${table}`))))!.n);
	return { households: await one('households'), users: await one('users'), audit: await one('audit_log') };
}
