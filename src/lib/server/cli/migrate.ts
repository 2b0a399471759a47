// npm run db:migrate — applies pending migrations to the database (DATABASE_URL, else the SQLite file DATABASE_PATH)
// and imports the shipped courses it lacks.
import { config } from '../config.ts';
import { importShippedCourses } from '../content/shipped.ts';
import { closeDb, getDb, migrateDatabase } from '../db/index.ts';
import { postgresDatabaseOf } from '../db/postgres-url.ts';

await migrateDatabase(getDb());
const imported = await importShippedCourses(getDb());
const { databaseUrl, databasePath } = config();
// A PostgreSQL address may hold a password: only its database is named.
const target = databaseUrl ? `the PostgreSQL database ${postgresDatabaseOf(databaseUrl)}` : databasePath;
console.log(`Migrations applied to ${target}; courses imported: ${imported.join(', ') || 'none'}`);
await closeDb();
