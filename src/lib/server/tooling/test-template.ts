// The database every server test starts from: every migration applied and the shipped courses imported, made once
// per test run (tests/setup/global.ts) and copied for each test (copy-template.ts): a copy takes milliseconds.
import { openDatabase, migrateDatabase } from '../db/index.ts';
import { importShippedCourses } from '../content/shipped.ts';

/** Makes the template at path. */
export function makeTemplateDatabase(path: string): void {
	const database = openDatabase(path);
	migrateDatabase(database);
	importShippedCourses(database);
	database.$client.pragma('wal_checkpoint(TRUNCATE)');
	database.$client.close();
}
