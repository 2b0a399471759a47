// npm run bench [-- lessons offline certificates records lighthouse]  (records: BENCH_DB=<file from npm run bench:seed>)  — measures the production build (run `npm run build` first).
// Sections print one JSON line each, so results can be compared between runs.
import { existsSync } from 'node:fs';
import { benchCertificates } from '../tooling/bench/certificates.ts';
import { benchLessons } from '../tooling/bench/lessons.ts';
import { benchLighthouse } from '../tooling/bench/lighthouse.ts';
import { benchOffline } from '../tooling/bench/offline.ts';
import { benchRecords, benchRecordsXlsx } from '../tooling/bench/records.ts';
import { startBenchServer } from '../tooling/bench/server.ts';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const sections = process.argv.slice(2);
const wants = (name: string) => sections.length === 0 || sections.includes(name);

// `records` needs a county-sized database: BENCH_DB=<file made by npm run bench:seed>.
const benchDb = process.env.BENCH_DB;
const server = await startBenchServer(
	Number(process.env.BENCH_PORT) || 4310,
	wants('records') && benchDb ? benchDb : undefined
);
try {
	if (wants('lessons')) {
		const result = await benchLessons(server, existsSync(chromiumPath) ? chromiumPath : undefined);
		console.log(JSON.stringify({ bench: 'lessons', ...result }));
	}
	if (wants('offline')) {
		const result = await benchOffline(server, existsSync(chromiumPath) ? chromiumPath : undefined);
		console.log(JSON.stringify({ bench: 'offline', ...result }));
	}
	if (wants('records')) {
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
	if (wants('lighthouse')) {
		// Lighthouse finds Chromium through CHROME_PATH (as the lighthouse command does), else the one Playwright uses.
		const chromePath = process.env.CHROME_PATH || (existsSync(chromiumPath) ? chromiumPath : undefined);
		console.log(JSON.stringify({ bench: 'lighthouse', ...(await benchLighthouse(server, chromePath)) }));
	}
	if (wants('certificates'))
		console.log(JSON.stringify({ bench: 'certificates', ...(await benchCertificates(server)) }));
} finally {
	await server.stop();
}
