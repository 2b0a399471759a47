// npm run db:backup -- <target.db>  — an online, consistent copy of DATABASE_PATH.
import { backupDatabase } from '../db/backup.ts';
import { closeDb, getDb } from '../db/index.ts';

const target = process.argv[2];
if (!target) {
	console.error('Usage: npm run db:backup -- <target.db>');
	process.exit(2);
}
await backupDatabase(getDb(), target);
console.log(`Backup written to ${target}`);
await closeDb();
