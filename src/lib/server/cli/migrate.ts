// npm run db:migrate — applies pending migrations to DATABASE_PATH and imports the shipped courses it lacks.
import { config } from '../config.ts';
import { importShippedCourses } from '../content/shipped.ts';
import { closeDb, getDb, migrateDatabase } from '../db/index.ts';

await migrateDatabase(getDb());
const imported = await importShippedCourses(getDb());
console.log(`Migrations applied to ${config().databasePath}; courses imported: ${imported.join(', ') || 'none'}`);
await closeDb();
