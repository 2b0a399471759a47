// A township's whole roster imported at once, in-process on a fresh database (a SQLite file; with DATABASE_URL, a
// database made for the run on that PostgreSQL server and dropped after): staff upload the spreadsheet (parse),
// see the preview (check every row against the database), then confirm (the check again, and every row written
// in one transaction). Each run starts from the demo county and its accounts, so every run imports the same new
// households.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { first } from '../../db/dialect.ts';
import { closeDb, migrateDatabase, openDatabase, openPostgres, setDb, type Db } from '../../db/index.ts';
import { withPostgresDatabase } from '../../db/postgres-url.ts';
import { townships, users } from '../../db/schema.ts';
import { applyRoster } from '../../enrolment/roster-apply.ts';
import { parseRosterFile } from '../../enrolment/roster-parse.ts';
import { validateRoster } from '../../enrolment/roster-validate.ts';
import { BIG_ROSTER_TOWNSHIP, bigRoster } from '../big-roster.ts';
import { createDatabaseAt, dropDatabaseAt, uniqueDatabaseName } from '../pg-server.ts';
import { seedDemo, seedDemoAccounts } from '../seed/seed.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => +(ms / 1000).toFixed(2);

/** An empty database of the engine this process runs on; `remove` deletes it once it is closed. */
async function freshDatabase(): Promise<{ db: Db; remove: () => Promise<void> }> {
	const server = process.env.DATABASE_URL;
	if (server) {
		const name = uniqueDatabaseName('bench_roster');
		const url = withPostgresDatabase(server, name);
		await createDatabaseAt(server, name);
		return { db: openPostgres(url), remove: () => dropDatabaseAt(server, name) };
	}
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-bench-roster-'));
	return {
		db: openDatabase(join(dir, 'bench.db')),
		remove: async () => rmSync(dir, { recursive: true, force: true })
	};
}

/** Imports a roster of `rows` learners `runs` times, each into a fresh demo county; the seconds of each step. */
export async function benchRoster(rows = 10_000, runs = 3): Promise<Record<string, unknown>> {
	const bytes = bigRoster(rows);
	const times: { parse: number; check: number; apply: number; total: number }[] = [];
	for (let run = 0; run < runs; run++) {
		const fresh = await freshDatabase();
		try {
			const db = fresh.db;
			await migrateDatabase(db);
			await setDb(db);
			await seedDemo(db);
			await seedDemoAccounts(db);
			const township = (await first(
				db.select({ id: townships.id }).from(townships).where(eq(townships.code, BIG_ROSTER_TOWNSHIP))
			))!;
			// The demo's staff member of that township imports it.
			const staff = (await first(db.select({ id: users.id }).from(users).where(eq(users.username, 'staff-jinhe'))))!;
			const start = performance.now();
			const parsed = await parseRosterFile(bytes, 'roster.csv');
			const parsedAt = performance.now();
			const preview = await validateRoster(parsed, township.id);
			const checkedAt = performance.now();
			if (preview.problems.length > 0) throw new Error(`The bench roster has problems: ${preview.problems[0].code}`);
			const result = await applyRoster(preview, { actorId: staff.id, townshipId: township.id });
			const end = performance.now();
			if (result.learners !== rows) throw new Error(`Imported ${result.learners} learners of ${rows}.`);
			times.push({
				parse: parsedAt - start,
				check: checkedAt - parsedAt,
				apply: end - checkedAt,
				total: end - start
			});
		} finally {
			await closeDb();
			await fresh.remove();
		}
	}
	const step = (key: keyof (typeof times)[number]) => ({
		p50: seconds(median(times.map((t) => t[key]))),
		min: seconds(Math.min(...times.map((t) => t[key]))),
		max: seconds(Math.max(...times.map((t) => t[key])))
	});
	return {
		engine: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
		rows,
		kb: Math.round(bytes.length / 1024),
		runs,
		seconds: { parse: step('parse'), check: step('check'), apply: step('apply'), total: step('total') }
	};
}
