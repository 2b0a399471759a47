// npm run bench:seed  — a fresh county of 100,000 learners in DATABASE_PATH, for measuring records and exports.
import { existsSync, rmSync } from 'node:fs';
import { importShippedCourses } from '../content/shipped.ts';
import { migrateDatabase, openDatabase } from '../db/index.ts';
import { seedBenchCounty } from '../tooling/bench/bench-seed.ts';

const path = process.env.DATABASE_PATH;
if (!path) {
	console.error('Set DATABASE_PATH to the file to create (it is replaced).');
	process.exit(1);
}
for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file);

const started = performance.now();
const db = openDatabase(path);
await migrateDatabase(db);
await importShippedCourses(db);
// Bulk load: no journal to wait for; a crash mid-seed only means running it again.
db.$client.pragma('journal_mode = OFF');
db.$client.pragma('synchronous = OFF');
db.$client.pragma('cache_size = -262144');
db.$client.pragma('temp_store = MEMORY');
const counts = await seedBenchCounty(db);
db.$client.exec('ANALYZE');
db.$client.pragma('journal_mode = WAL');
db.$client.close();
console.log(JSON.stringify({ bench: 'seed', ...counts, seconds: +((performance.now() - started) / 1000).toFixed(1) }));
