// Which engine the server tests run on: SQLite files (the default), or a throw-away PostgreSQL server when
// ZHIZHI_TEST_ENGINE=postgres (`npm run test:unit:pg`). tests/setup/global.ts starts that server once per run and
// fills a template database; every test gets a copy of it (test-db.ts), dropped at its end.
import { withPostgresDatabase } from '../db/postgres-url.ts';
import { createDatabaseAt, dropDatabaseAt, uniqueDatabaseName } from './pg-server.ts';

export type TestEngine = 'sqlite' | 'postgres';

/** The engine this test run uses. */
export const testEngine: TestEngine = process.env.ZHIZHI_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh copy of the run's PostgreSQL template database: its URL, and how to drop it. Null outside a test run
 * on PostgreSQL.
 */
export async function copyOfPostgresTemplate(
	kind: 'plain' | 'demo' = 'plain'
): Promise<{ url: string; drop: () => Promise<void> } | null> {
	const server = process.env.ZHIZHI_TEST_PG;
	const template = kind === 'demo' ? process.env.ZHIZHI_TEST_PG_TEMPLATE_DEMO : process.env.ZHIZHI_TEST_PG_TEMPLATE;
	if (testEngine !== 'postgres' || !server || !template) return null;
	const name = uniqueDatabaseName('t');
	await createDatabaseAt(server, name, { template });
	return { url: withPostgresDatabase(server, name), drop: () => dropDatabaseAt(server, name) };
}
