// The database every server test starts from: every migration applied and the shipped courses imported, made once
// per test run and copied for each test (a copy takes milliseconds; migrating and importing, far longer).
import { copyFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
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

/** A copy of the run's template in a folder of its own (under the run's folder); null outside a test run. */
export function copyOfTemplate(): string | null {
	const template = process.env.ZHIZHI_TEST_TEMPLATE;
	const runDir = process.env.ZHIZHI_TEST_DIR;
	if (!template || !runDir) return null;
	const path = join(mkdtempSync(join(runDir, 'db-')), 'test.db');
	copyFileSync(template, path);
	return path;
}
