import { eq, sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/index.ts';
import { households, townships, users } from '../db/schema.ts';
import { seedDemo } from '../tooling/seed/seed.ts';

/** Test-only helpers for the enrolment specs (fixtures, the demo county, row counts). */
export const FIXTURES = join(process.cwd(), 'tests/fixtures/roster');

export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Seeds the demo county and adds a staff member to each township; returns their ids. */
export function seedCounty(db: Db): { jinhe: number; tongchang: number; staff: number; otherStaff: number } {
	seedDemo(db);
	const township = (code: string) => db.select().from(townships).where(eq(townships.code, code)).get()!.id;
	const jinhe = township('532530101');
	const tongchang = township('532530102');
	const staff = (username: string, townshipId: number) =>
		db
			.insert(users)
			.values({ role: 'staff', name: '工作人员', username, townshipId, passwordHash: 'x' })
			.returning({ id: users.id })
			.get().id;
	return {
		jinhe,
		tongchang,
		staff: staff('test-staff-jinhe', jinhe),
		otherStaff: staff('test-staff-tongchang', tongchang)
	};
}

export function householdId(db: Db, code: string): number {
	return db.select().from(households).where(eq(households.code, code)).get()!.id;
}

export function rowCounts(db: Db): { households: number; users: number; audit: number } {
	const one = (table: string) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
	return { households: one('households'), users: one('users'), audit: one('audit_log') };
}
