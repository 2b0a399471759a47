import type { Db } from './index.ts';

/**
 * Copies the live database to `target` with SQLite's online backup, safe while the server is writing
 * (WAL mode): the copy is a consistent snapshot.
 */
export async function backupDatabase(source: Db, target: string): Promise<void> {
	await source.$client.backup(target);
}
