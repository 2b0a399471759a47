// A second server process writing to the same database file, for the sync concurrency test: it applies the
// batches it is given through applyEvents (the app's own sync path, read through Vite as the built app reads the
// courses) while the test's own process applies others. Run: tsx sync-writer.ts <database> <batches.json>, the
// database being a SQLite file or a PostgreSQL URL.
// Prints one JSON line: each batch's statuses, or the error that stopped it.
import { readFileSync } from 'node:fs';
import { moduleLoader } from './module-loader.ts';

const [path, batchesFile] = process.argv.slice(2);
const batches: { userId: number; events: unknown[] }[] = JSON.parse(readFileSync(batchesFile, 'utf8'));
const vite = await moduleLoader();
try {
	const database = await vite.ssrLoadModule('/src/lib/server/db/index.ts');
	const { applyEvents } = await vite.ssrLoadModule('/src/lib/server/sync/apply.ts');
	await database.setDb(/^postgres(ql)?:/.test(path) ? database.openPostgres(path, 4) : database.openDatabase(path));
	// Tell the test this process is ready, then wait for its go (a line on stdin), so both write at once.
	console.log(JSON.stringify({ ready: true }));
	await new Promise((resolve) => process.stdin.once('data', resolve));
	const startedAt = Date.now();
	const statuses: string[][] = [];
	let error: string | null = null;
	try {
		for (const { userId, events } of batches) {
			const { outcomes } = await applyEvents({ id: userId }, events, 'https://learn.example.cn');
			statuses.push(outcomes.map((o: { status: string; reason?: string }) => o.reason ?? o.status));
		}
	} catch (e) {
		error = String((e as Error)?.message ?? e);
	}
	console.log(JSON.stringify({ statuses, error, startedAt, endedAt: Date.now() }));
	await database.closeDb();
} finally {
	await vite.close();
}
