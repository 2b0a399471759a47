import { ensureIssuerKey } from './certificates/keys.ts';
import { ConfigError, config } from './config.ts';
import { getDb, migrateDatabase } from './db/index.ts';
import { rememberAllExamVersions } from './learning/exam-versions.ts';

/**
 * Checks the settings, opens the database, applies migrations and loads (or makes) the certificate issuer's
 * key. On a bad setting it prints one line naming the setting and exits, so the server never half-starts.
 */
export async function startServer(): Promise<void> {
	try {
		config();
		migrateDatabase(getDb());
		rememberAllExamVersions();
		await ensureIssuerKey();
	} catch (error) {
		const message = error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).message}`;
		console.error(`[zhizhi] ${message}`);
		process.exit(1);
	}
}
