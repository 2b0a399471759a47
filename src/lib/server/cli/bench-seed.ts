// npm run bench:seed  — a fresh county of 100,000 learners, for measuring records and exports: in the SQLite file
// DATABASE_PATH (replaced), or with DATABASE_URL set in that PostgreSQL database (which must have no users yet:
// make a new one, `createdb <name>`). BENCH_SCALE=province: 1,000,000 learners and about 18 million events.
import { existsSync, rmSync, statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { importShippedCourses } from '../content/shipped.ts';
import { first, rawRows } from '../db/dialect.ts';
import { closeDatabase, migrateDatabase, openDatabase, openPostgres } from '../db/index.ts';
import { users } from '../db/schema.ts';
import { BENCH_COUNTY, BENCH_PROVINCE, seedBenchDatabase } from '../tooling/bench/bench-seed.ts';

const scales = { county: BENCH_COUNTY, province: BENCH_PROVINCE };
const scale = (process.env.BENCH_SCALE || 'county') as keyof typeof scales;
if (!(scale in scales)) {
	console.error(`BENCH_SCALE is one of ${Object.keys(scales).join(', ')}.`);
	process.exit(1);
}

const url = process.env.DATABASE_URL;
const path = process.env.DATABASE_PATH;
if (!url && !path) {
	console.error(
		'Set DATABASE_PATH to the file to create (it is replaced), or DATABASE_URL to an empty PostgreSQL database.'
	);
	process.exit(1);
}
if (!url) for (const file of [path!, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file);

const started = performance.now();
const db = url ? openPostgres(url, 2) : openDatabase(path!);
try {
	await migrateDatabase(db);
	if (url && (await first(db.select({ id: users.id }).from(users).limit(1)))) {
		console.error('The PostgreSQL database already has users: give the seed an empty one (createdb <name>).');
		process.exitCode = 1;
	} else {
		await importShippedCourses(db);
		const result = await seedBenchDatabase(db, scales[scale]);
		const bytes = url
			? Number((await rawRows<{ size: string }>(db, sql`select pg_database_size(current_database()) as size`))[0].size)
			: statSync(path!).size;
		console.log(
			JSON.stringify({
				bench: 'seed',
				engine: url ? 'postgres' : 'sqlite',
				scale,
				...result,
				seconds: +((performance.now() - started) / 1000).toFixed(1),
				databaseMB: Math.round(bytes / 1024 / 1024)
			})
		);
	}
} finally {
	await closeDatabase(db);
}
