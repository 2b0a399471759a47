// The database every server test starts from: every migration applied and the shipped courses imported, made once
// per test run (tests/setup/global.ts) and copied for each test (copy-template.ts; on PostgreSQL, test-engine.ts):
// a copy takes milliseconds.
import { closeDatabase, migrateDatabase, openDatabase, openPostgres } from '../db/index.ts';
import { importShippedCourses } from '../content/shipped.ts';

/** Makes the SQLite template at path. */
export async function makeTemplateDatabase(path: string): Promise<void> {
	const database = openDatabase(path);
	await migrateDatabase(database);
	await importShippedCourses(database);
	database.$client.pragma('wal_checkpoint(TRUNCATE)');
	database.$client.close();
}

/** Fills the (empty) PostgreSQL database at url as the template. */
export async function makePostgresTemplate(url: string): Promise<void> {
	const database = openPostgres(url, 2);
	try {
		await migrateDatabase(database);
		await importShippedCourses(database);
	} finally {
		await closeDatabase(database);
	}
}
