import { ensureIssuerKey } from './certificates/keys.ts';
import { ConfigError, config } from './config.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './db/checkpointer.ts';
import { commitsAtRisk } from './db/dialect.ts';
import { engineOf, getDb, migrateDatabase, oneServerAtATime } from './db/index.ts';
import { importShippedCourses } from './content/shipped.ts';
import { rememberAllExamVersions } from './learning/exam-versions.ts';
import { ensureTicketSecret } from './learning/ticket-signature.ts';

/**
 * Checks the settings, opens the database, applies migrations and loads (or makes) the certificate issuer's
 * key and the exam-ticket secret. On a bad setting it prints one line naming the setting and exits, so the server
 * never half-starts. A SQLite database's log is checkpointed on a thread of its own (see checkpointer.ts).
 * Several app servers may start at once on one PostgreSQL database: one at a time migrates and imports.
 */
export async function startServer(): Promise<void> {
	try {
		config();
		const db = getDb();
		await oneServerAtATime(db, async () => {
			await migrateDatabase(db);
			// PostgreSQL keeps its own log: the checkpointer is SQLite's alone.
			if (engineOf(db) === 'sqlite') {
				db.$client.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
				const checkpointer = startCheckpointer(config().databasePath);
				// adapter-node's signal that the server has drained (SIGTERM, SIGINT): the thread must not keep the process.
				process.once('sveltekit:shutdown', () => void checkpointer.stop());
			}
			await importShippedCourses(db);
		});
		// Said, not refused: a test machine may run so on purpose (the README's benchmarks did).
		for (const risk of await commitsAtRisk(db)) console.warn(`[zhizhi] ${risk}`);
		await rememberAllExamVersions();
		await ensureIssuerKey();
		await ensureTicketSecret();
	} catch (error) {
		const message = error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).message}`;
		console.error(`[zhizhi] ${message}`);
		process.exit(1);
	}
}
