// npm run db:migrate — applies pending migrations to DATABASE_PATH.
import { config } from '../config.ts';
import { closeDb, getDb, migrateDatabase } from '../db/index.ts';

migrateDatabase(getDb());
console.log(`Migrations applied to ${config().databasePath}`);
closeDb();
