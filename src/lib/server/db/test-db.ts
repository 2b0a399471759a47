import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDb, migrateDatabase, openDatabase, setDb, type Db } from './index.ts';

/**
 * Gives the calling test a fresh SQLite file with every migration applied, installed as the
 * process's database. Returns it and a cleanup function.
 */
export function useFreshDatabase(): { db: Db; path: string; cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-test-'));
	const path = join(dir, 'test.db');
	const db = openDatabase(path);
	migrateDatabase(db);
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
