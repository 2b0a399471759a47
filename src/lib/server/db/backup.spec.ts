import { afterEach, beforeEach, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { openDatabase } from './index.ts';
import { households } from './schema.ts';
import { seedDemo } from '../tooling/seed/seed.ts';
import { testEngine } from '../tooling/test-engine.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { backupDatabase } from './backup.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
});
afterEach(() => fresh.cleanup());

// SQLite's online backup; a PostgreSQL database is backed up with pg_dump (see docs/operations.md).
it.skipIf(testEngine === 'postgres')('makes a consistent copy that opens on its own', async () => {
	await seedDemo(fresh.db);
	const target = join(dirname(fresh.path), 'backup.db');
	await backupDatabase(fresh.db, target);
	const copy = openDatabase(target);
	expect(await copy.select().from(households)).toHaveLength(30);
	copy.$client.close();
});
