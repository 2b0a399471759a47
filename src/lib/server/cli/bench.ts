// npm run bench [-- lessons offline certificates records lighthouse sync sync-apply roster publish]  (sync-apply and roster run in-process, no build needed, roster on a fresh database of either engine; records, sync: BENCH_DB=<file from npm run bench:seed>, or DATABASE_URL=<the PostgreSQL database it filled>)  — measures the production build (run `npm run build` first).
// Sections print one JSON line each, so results can be compared between runs.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { benchCertificates } from '../tooling/bench/certificates.ts';
import { benchLessons } from '../tooling/bench/lessons.ts';
import { benchLighthouse } from '../tooling/bench/lighthouse.ts';
import { benchOffline } from '../tooling/bench/offline.ts';
import { benchPublish } from '../tooling/bench/publish.ts';
import { benchRecords, benchRecordsXlsx } from '../tooling/bench/records.ts';
import { startBenchServer } from '../tooling/bench/server.ts';
import { benchSync } from '../tooling/bench/sync.ts';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const sections = process.argv.slice(2);
// With DATABASE_URL set, the county is in that PostgreSQL database, and this process's tables are PostgreSQL's
// (db/engine.ts): the sections that open the demo's SQLite file here (certificates, sync-apply) are left out.
const postgres = !!process.env.DATABASE_URL;
const sqliteOnly = ['certificates', 'sync-apply'];
const wants = (name: string) =>
	(sections.length === 0 || sections.includes(name)) && !(postgres && sqliteOnly.includes(name));
for (const name of sqliteOnly)
	if (postgres && sections.includes(name))
		console.log(JSON.stringify({ bench: name, skipped: 'runs on the SQLite demo: unset DATABASE_URL' }));

// In-process (no server), loaded through Vite's module loader (see module-loader.ts): the sync write path's events
// per second, straight through applyEvents; a roster of 10,000 learners parsed, checked and imported.
if (wants('sync-apply') || wants('roster')) {
	const { moduleLoader } = await import('../tooling/module-loader.ts');
	const vite = await moduleLoader();
	try {
		if (wants('sync-apply')) {
			const { benchSyncApply } = await vite.ssrLoadModule('/src/lib/server/tooling/bench/sync-apply.ts');
			const result = await benchSyncApply(Number(process.env.BENCH_BATCHES) || undefined);
			console.log(JSON.stringify({ bench: 'sync-apply', ...result }));
		}
		if (wants('roster')) {
			const { benchRoster } = await vite.ssrLoadModule('/src/lib/server/tooling/bench/roster.ts');
			console.log(JSON.stringify({ bench: 'roster', ...(await benchRoster()) }));
		}
	} finally {
		await vite.close();
	}
}
if (!['lessons', 'offline', 'records', 'certificates', 'lighthouse', 'sync', 'publish'].some(wants)) process.exit(0);

// `records` and `sync` need a county-sized database made by npm run bench:seed: BENCH_DB=<its file>, or on
// PostgreSQL the database DATABASE_URL names.
const benchDb = process.env.DATABASE_URL || process.env.BENCH_DB;
const onlySync = sections.length > 0 && sections.every((s) => s === 'sync');
// The records bench times the dashboards' counting itself, so they are counted on every view there (as the first
// view after their minute is up); the sync bench runs with the minute, as deployed.
const server = onlySync
	? null
	: await startBenchServer(Number(process.env.BENCH_PORT) || 4310, wants('records') && benchDb ? benchDb : undefined, {
			env: { DASHBOARD_COUNTS_SECONDS: '0' }
		});
try {
	if (server && wants('lessons')) {
		const result = await benchLessons(server, existsSync(chromiumPath) ? chromiumPath : undefined);
		console.log(JSON.stringify({ bench: 'lessons', ...result }));
	}
	if (server && wants('publish')) {
		console.log(JSON.stringify({ bench: 'publish', ...(await benchPublish(server)) }));
	}
	if (server && wants('offline')) {
		const result = await benchOffline(server, existsSync(chromiumPath) ? chromiumPath : undefined);
		console.log(JSON.stringify({ bench: 'offline', ...result }));
	}
	if (server && wants('records')) {
		if (!benchDb)
			console.log(
				JSON.stringify({ bench: 'records', skipped: 'set BENCH_DB to a database made by npm run bench:seed' })
			);
		else {
			console.log(JSON.stringify({ bench: 'records', ...(await benchRecords(server)) }));
			// The XLSX export on a server of its own, started fresh, so its memory is its own.
			const fresh = await startBenchServer(4311, benchDb);
			try {
				console.log(JSON.stringify({ bench: 'records-xlsx', ...(await benchRecordsXlsx(fresh)) }));
			} finally {
				await fresh.stop();
			}
		}
	}
	if (server && wants('lighthouse')) {
		// Lighthouse finds Chromium through CHROME_PATH (as the lighthouse command does), else the one Playwright uses.
		const chromePath = process.env.CHROME_PATH || (existsSync(chromiumPath) ? chromiumPath : undefined);
		console.log(JSON.stringify({ bench: 'lighthouse', ...(await benchLighthouse(server, chromePath)) }));
	}
	if (server && wants('certificates'))
		console.log(JSON.stringify({ bench: 'certificates', ...(await benchCertificates(server)) }));
} finally {
	await server?.stop();
}

// The evening peak: phones syncing while staff read dashboards, on the county, with one server process and with
// `npm start`'s default of one per core (SYNC_BENCH_PROCESSES=1,2 to choose; SYNC_BENCH_LEVELS=50 for one level).
// The bench server alone gets sync limits no phone would reach; everything else is as deployed.
if (wants('sync')) {
	if (!benchDb)
		console.log(JSON.stringify({ bench: 'sync', skipped: 'set BENCH_DB to a database made by npm run bench:seed' }));
	else {
		const counts = (process.env.SYNC_BENCH_PROCESSES || `1,${availableParallelism()}`).split(',').map(Number);
		for (const processes of [...new Set(counts)]) {
			let locked = 0;
			let partial = '';
			const syncServer = await startBenchServer(4312, benchDb, {
				processes,
				env: { SYNC_REQUESTS_PER_MINUTE: '1000000', SYNC_EVENTS_PER_DAY: '100000000' },
				// A locked database shows to the phone as a 500; only the server's log says why.
				onStderr: (text) => {
					const lines = (partial + text).split('\n');
					partial = lines.pop() ?? '';
					for (const line of lines) {
						if (line.includes('database is locked')) locked++;
						else if (!/^\s+at /.test(line)) process.stderr.write(line + '\n');
					}
				}
			});
			try {
				const levels = process.env.SYNC_BENCH_LEVELS?.split(',').map(Number);
				// SYNC_BENCH_WARMUP=0 measures a server just started (see SYNC_WARMUP_BATCHES).
				const warmup = process.env.SYNC_BENCH_WARMUP ? Number(process.env.SYNC_BENCH_WARMUP) : undefined;
				const result = await benchSync(syncServer, () => locked, levels, warmup);
				console.log(JSON.stringify({ bench: 'sync', processes, ...result }));
			} finally {
				await syncServer.stop();
			}
		}
	}
}
