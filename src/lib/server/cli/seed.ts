// npm run db:seed -- --demo [--fresh] [--no-activity]  — seeds the demo county into DATABASE_PATH.
import { rmSync } from 'node:fs';
import { config } from '../config.ts';
import { closeDb, getDb, migrateDatabase } from '../db/index.ts';
import { importShippedCourses } from '../content/shipped.ts';
import { seedDemo, seedDemoAccounts } from '../tooling/seed/seed.ts';
import { seedDemoOpportunities } from '../tooling/seed/opportunities.ts';

const args = process.argv.slice(2);
if (!args.includes('--demo')) {
	console.error('Usage: npm run db:seed -- --demo [--fresh] [--no-activity]   (only the demo data set exists so far)');
	process.exit(2);
}
const { databasePath: path, origin } = config();
if (args.includes('--fresh')) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
const db = getDb();
await migrateDatabase(db);
await importShippedCourses(db);
const result = await seedDemo(db);
const accounts = await seedDemoAccounts(db);
await seedDemoOpportunities(db);
await closeDb();
console.log(`Demo data seeded into ${path}: ${result.households} households, ${accounts} demo accounts`);

if (!args.includes('--no-activity')) {
	// The learning history goes through the app's own sync code, loaded through Vite's module loader (see
	// module-loader.ts), with a database connection of its own.
	const { moduleLoader } = await import('../tooling/module-loader.ts');
	const vite = await moduleLoader();
	try {
		const { seedDemoActivity } = await vite.ssrLoadModule('/src/lib/server/tooling/seed/demo-activity.ts');
		// Certificates name the address they are verified at: the one the server will run on.
		const activity = await seedDemoActivity(origin ?? 'http://localhost:3000');
		console.log(
			`Learning history: ${activity.learners} learners, ${activity.events} events, ${activity.attempts} exam attempts, ${activity.certificates} certificates`
		);
		console.log(
			'Village race and follow-up:',
			await (
				await vite.ssrLoadModule('/src/lib/server/tooling/seed/village-demo.ts')
			).seedVillageDemo(origin ?? 'http://localhost:3000')
		);
		console.log(
			'Demo learner with a history:',
			await (
				await vite.ssrLoadModule('/src/lib/server/tooling/seed/demo-learner.ts')
			).seedDemoLearner(origin ?? 'http://localhost:3000')
		);
	} finally {
		(await vite.ssrLoadModule('/src/lib/server/db/index.ts')).closeDb();
		await vite.close();
	}
}
