// A whole township's roster in one import: every row written, in one transaction, on both engines (the inserts go
// in chunks, below SQLite's and PostgreSQL's limits on a statement's parameters). How long it takes is measured
// by `npm run bench -- roster`, not here.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { first } from '../db/dialect.ts';
import { townships } from '../db/schema.ts';
import { BIG_ROSTER_TOWNSHIP, bigRoster } from '../tooling/big-roster.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { applyRoster } from './roster-apply.ts';
import { parseRosterFile } from './roster-parse.ts';
import { validateRoster } from './roster-validate.ts';
import { rowCounts, seedCounty } from './test-helpers.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
});
afterEach(() => fresh.cleanup());

it('imports 10,000 rows in 2,500 new households: every learner, nothing twice', async () => {
	const { jinhe, staff } = await seedCounty(fresh.db);
	const township = await first(fresh.db.select().from(townships).where(eq(townships.id, jinhe)));
	expect(township?.code).toBe(BIG_ROSTER_TOWNSHIP);
	const bytes = bigRoster(10_000);
	const before = await rowCounts(fresh.db);
	const preview = await validateRoster(await parseRosterFile(bytes, 'big.csv'), jinhe);
	expect(preview.problems).toEqual([]);
	expect(preview.rows).toHaveLength(10_000);
	expect(await applyRoster(preview, { actorId: staff, townshipId: jinhe })).toEqual({
		households: 2_500,
		learners: 10_000
	});
	const after = await rowCounts(fresh.db);
	expect(after.users - before.users).toBe(10_000);
	expect(after.households - before.households).toBe(2_500);
	// The same file again: every row's learner is found already in the household, and nothing is imported twice.
	const again = await validateRoster(await parseRosterFile(bytes, 'big.csv'), jinhe);
	const exists = new Set(again.problems.filter((p) => p.code === 'roster_learner_exists').map((p) => p.row));
	expect(exists.size).toBe(10_000);
}, 120_000);
