// The database every server test starts from: every migration applied and the shipped courses imported, made once
// per test run (tests/setup/global.ts) and copied for each test (copy-template.ts; on PostgreSQL, test-engine.ts):
// a copy takes milliseconds.
import { closeDb, migrateDatabase, openDatabase, openPostgres, setDb, type Db } from '../db/index.ts';
import { importShippedCourses } from '../content/shipped.ts';
import { seedDemo, seedDemoAccounts } from './seed/seed.ts';

/** Makes the SQLite template at path; with `demo`, from a copy of the plain one, with the demo county seeded. */
export async function makeTemplateDatabase(path: string, options: { demo?: boolean } = {}): Promise<void> {
	const database = openDatabase(path);
	// The process's database while it is filled: what the seed reaches through the global db lands here too.
	await setDb(database);
	await fillTemplate(database, options);
	database.$client.pragma('wal_checkpoint(TRUNCATE)');
	await closeDb();
}

/** Fills the (empty) PostgreSQL database at url as the template; with `demo`, a copy of it gets the demo county. */
export async function makePostgresTemplate(url: string, options: { demo?: boolean } = {}): Promise<void> {
	const database = openPostgres(url, 2);
	await setDb(database);
	try {
		await fillTemplate(database, options);
	} finally {
		await closeDb();
	}
}

/** A template's rows: the migrations and the shipped courses; with `demo`, the demo county and its accounts. */
async function fillTemplate(database: Db, options: { demo?: boolean }): Promise<void> {
	if (options.demo) {
		await seedDemo(database);
		await seedDemoAccounts(database);
	} else {
		await migrateDatabase(database);
		await importShippedCourses(database);
	}
}
