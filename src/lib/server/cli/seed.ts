// npm run db:seed -- --demo [--fresh]  — seeds the demo county into DATABASE_PATH.
import { rmSync } from 'node:fs';
import { config } from '../config.ts';
import { closeDb, getDb, migrateDatabase } from '../db/index.ts';
import { seedDemo, seedDemoAccounts } from '../db/seed.ts';

const args = process.argv.slice(2);
if (!args.includes('--demo')) {
	console.error('Usage: npm run db:seed -- --demo [--fresh]   (only the demo data set exists so far)');
	process.exit(2);
}
const path = config().databasePath;
if (args.includes('--fresh')) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
const db = getDb();
migrateDatabase(db);
const result = seedDemo(db);
const accounts = await seedDemoAccounts(db);
console.log(`Demo data seeded into ${path}: ${result.households} households, ${accounts} demo accounts`);
closeDb();
