// The county migration's own backfill (`drizzle/0013_county_id.sql`, `drizzle/pg/0003_county_id.sql`): every row's
// `county_id` made again from its owner's township. For tests that build a database of several counties out of
// the demo's one, as if its learners had been enrolled there (the app never moves a learner between counties).
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { engineOf, type Executor } from '../db/index.ts';
import { rawRun } from '../db/dialect.ts';

/** The migration's UPDATE statements, in its order (people and households first, then their rows). */
export function countyBackfillStatements(database: Executor): string[] {
	const file = engineOf(database) === 'postgres' ? 'drizzle/pg/0003_county_id.sql' : 'drizzle/0013_county_id.sql';
	return readFileSync(file, 'utf8')
		.split('--> statement-breakpoint')
		.map((s) => s.replace(/^--.*$/gm, '').trim())
		.filter((s) => /^update/i.test(s));
}

/** Runs the migration's backfill on `database`. */
export async function countyBackfill(database: Executor): Promise<void> {
	for (const update of countyBackfillStatements(database)) await rawRun(database, sql.raw(update));
}
