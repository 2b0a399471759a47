// Before each test file. The files of a worker share its loaded modules (`isolate: false` in vite.config.ts), so
// each starts as if alone: the process's settings as they were when the worker started (a file may set TZ, say),
// the settings read again, and no database left open by the file before. Then the process's default database is a
// copy of the template, so a test that never sets up a database of its own still finds the shipped courses (and
// never touches a real one). On PostgreSQL, a copy of the PostgreSQL template, dropped after the file.
import { afterAll } from 'vitest';
import { forgetConfig } from '../../src/lib/server/config.ts';
import { closeDb } from '../../src/lib/server/db/index.ts';
import { copyOfTemplate } from '../../src/lib/server/tooling/copy-template.ts';
import { copyOfPostgresTemplate } from '../../src/lib/server/tooling/test-engine.ts';

const started = ((globalThis as { zhizhiStartEnv?: NodeJS.ProcessEnv }).zhizhiStartEnv ??= { ...process.env });
for (const name of Object.keys(process.env)) if (!(name in started)) delete process.env[name];
Object.assign(process.env, started);
await closeDb();
forgetConfig();

const path = copyOfTemplate();
if (path) process.env.DATABASE_PATH = path;
const postgres = await copyOfPostgresTemplate();
if (postgres) {
	process.env.DATABASE_URL = postgres.url;
	afterAll(async () => {
		await closeDb();
		await postgres.drop();
	});
}
