import { ConfigError, config } from './config.ts';
import { getDb, migrateDatabase } from './db/index.ts';

/**
 * Checks the settings, opens the database and applies migrations. On a bad setting it prints one
 * line naming the setting and exits, so the server never half-starts.
 */
export function startServer(): void {
	try {
		config();
		migrateDatabase(getDb());
	} catch (error) {
		const message = error instanceof ConfigError ? error.message : `Cannot start: ${(error as Error).message}`;
		console.error(`[zhizhi] ${message}`);
		process.exit(1);
	}
}
