// Before each test file: the process's default database is a copy of the template, so a test that never sets up
// a database of its own still finds the shipped courses (and never touches a real one). On PostgreSQL, a copy of
// the PostgreSQL template, dropped after the file.
import { afterAll } from 'vitest';
import { copyOfTemplate } from '../../src/lib/server/tooling/copy-template.ts';
import { copyOfPostgresTemplate } from '../../src/lib/server/tooling/test-engine.ts';

const path = copyOfTemplate();
if (path) process.env.DATABASE_PATH = path;
const postgres = await copyOfPostgresTemplate();
if (postgres) {
	process.env.DATABASE_URL = postgres.url;
	afterAll(async () => {
		const { closeDb } = await import('../../src/lib/server/db/index.ts');
		await closeDb();
		await postgres.drop();
	});
}
