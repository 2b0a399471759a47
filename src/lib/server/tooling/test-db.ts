import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { closeDb, migrateDatabase, openDatabase, setDb, type Db } from '../db/index.ts';
import { importShippedCourses } from '../content/shipped.ts';
import { seedDemo, seedDemoAccounts } from './seed/seed.ts';
import { copyOfTemplate } from './copy-template.ts';

/**
 * Gives the calling test a fresh SQLite file with every migration applied and the shipped courses imported,
 * installed as the process's database. Returns it and a cleanup function.
 */
export function useFreshDatabase(): { db: Db; path: string; cleanup: () => void } {
	const copy = copyOfTemplate();
	const dir = copy ? dirname(copy) : mkdtempSync(join(tmpdir(), 'zhizhi-test-'));
	const path = copy ?? join(dir, 'test.db');
	const db = openDatabase(path);
	if (!copy) {
		migrateDatabase(db);
		importShippedCourses(db);
	}
	setDb(db);
	return {
		db,
		path,
		cleanup: () => {
			closeDb();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A fresh database with the demo county and its demo accounts, and a certificate signing key of its own beside
 * it, for tests that issue certificates. Cleanup removes both.
 */
export async function useDemoDatabase(): Promise<ReturnType<typeof useFreshDatabase>> {
	const env = useFreshDatabase();
	process.env.ISSUER_KEY_PATH = join(dirname(env.path), 'issuer-key.json');
	seedDemo(env.db);
	await seedDemoAccounts(env.db);
	return {
		...env,
		cleanup: () => {
			delete process.env.ISSUER_KEY_PATH;
			env.cleanup();
		}
	};
}
