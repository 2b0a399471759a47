import { ensureIssuerKey } from './certificates/keys.ts';
import { ConfigError, config } from './config.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './db/checkpointer.ts';
import { getDb, migrateDatabase } from './db/index.ts';
import { importShippedCourses } from './content/shipped.ts';
import { rememberAllExamVersions } from './learning/exam-versions.ts';

/**
 * Checks the settings, opens the database, applies migrations and loads (or makes) the certificate issuer's
 * key. On a bad setting it prints one line naming the setting and exits, so the server never half-starts.
 * The database's log is checkpointed on a thread of its own (see checkpointer.ts).
 */
export async function startServer(): Promise<void> {
	try {
		config();
		const db = getDb();
		await migrateDatabase(db);
		db.$client.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
		const checkpointer = startCheckpointer(config().databasePath);
		// adapter-node's signal that the server has drained (SIGTERM, SIGINT): the thread must not keep the process.
		process.once('sveltekit:shutdown', () => void checkpointer.stop());
		await importShippedCourses(db);
		await rememberAllExamVersions();
		await ensureIssuerKey();
	} catch (error) {
		const message = error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).message}`;
		console.error(`[zhizhi] ${message}`);
		process.exit(1);
	}
}
