import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { closeDb, migrateDatabase, openDatabase, openPostgres, setDb, type Db } from '../db/index.ts';
import { importShippedCourses } from '../content/shipped.ts';
import { seedDemo, seedDemoAccounts } from './seed/seed.ts';
import { copyOfTemplate } from './copy-template.ts';
import { copyOfPostgresTemplate } from './test-engine.ts';

export interface FreshDatabase {
	db: Db;
	/** The SQLite file; on PostgreSQL, a path in a folder of the test's own (for files kept beside the database). */
	path: string;
	/** Where another process finds this database: the SQLite file, or the PostgreSQL URL. */
	address: string;
	/** Another connection to the same database (as another server process, or the same one restarted, has). */
	reopen: () => Db;
	cleanup: () => Promise<void>;
}

/**
 * Gives the calling test a fresh database with every migration applied and the shipped courses imported, installed
 * as the process's database: a SQLite file, or on a PostgreSQL test run (ZHIZHI_TEST_ENGINE=postgres) a database
 * of the run's PostgreSQL server. Returns it and a cleanup function.
 */
export async function useFreshDatabase(kind: 'plain' | 'demo' = 'plain'): Promise<FreshDatabase> {
	const postgres = await copyOfPostgresTemplate(kind);
	if (postgres) {
		const dir = mkdtempSync(join(process.env.ZHIZHI_TEST_DIR ?? tmpdir(), 'pg-'));
		const db = openPostgres(postgres.url, 4);
		await setDb(db);
		return {
			db,
			path: join(dir, 'postgres'),
			address: postgres.url,
			reopen: () => openPostgres(postgres.url, 4),
			cleanup: async () => {
				await closeDb();
				await postgres.drop();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const copy = copyOfTemplate(kind);
	const dir = copy ? dirname(copy) : mkdtempSync(join(tmpdir(), 'zhizhi-test-'));
	const path = copy ?? join(dir, 'test.db');
	const db = openDatabase(path);
	if (!copy) {
		await migrateDatabase(db);
		await importShippedCourses(db);
	}
	await setDb(db);
	return {
		db,
		path,
		address: path,
		reopen: () => openDatabase(path),
		cleanup: async () => {
			await closeDb();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A fresh database with the demo county and its demo accounts, and a certificate signing key of its own beside
 * it, for tests that issue certificates. Cleanup removes both.
 */
export async function useDemoDatabase(): Promise<FreshDatabase> {
	// A test run keeps a template with the demo already seeded (tests/setup/global.ts): a copy of it is the same
	// database, made in milliseconds instead of seeded (four password hashes) for every test.
	const seeded = !!(process.env.ZHIZHI_TEST_TEMPLATE_DEMO || process.env.ZHIZHI_TEST_PG_TEMPLATE_DEMO);
	const env = await useFreshDatabase(seeded ? 'demo' : 'plain');
	process.env.ISSUER_KEY_PATH = join(dirname(env.path), 'issuer-key.json');
	if (!seeded) {
		await seedDemo(env.db);
		await seedDemoAccounts(env.db);
	}
	return {
		...env,
		cleanup: async () => {
			delete process.env.ISSUER_KEY_PATH;
			await env.cleanup();
		}
	};
}
