// npm run db:move -- --from data/zhizhi.db --to postgres://user:password@host:5432/zhizhi
//
// Copies every row of the SQLite database into an empty PostgreSQL database (migrating it first with drizzle/pg),
// then compares both sides table by table (row counts and checksums) and prints the comparison. All in one
// PostgreSQL transaction: on any error or difference nothing is kept, and the command exits with status 1.
// See src/lib/server/db/move.ts.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, moveDatabase, MoveRefused, MoveVerificationFailed, type Progress } from '../db/move.ts';

const USAGE =
	'Usage: npm run db:move -- --from <SQLite file> --to <postgres:// URL of an empty database> [--page-size <rows>]';

function fail(message: string, status = 1): never {
	console.error(message);
	process.exit(status);
}

let options: { from?: string; to?: string; 'page-size'?: string };
try {
	options = parseArgs({
		options: { from: { type: 'string' }, to: { type: 'string' }, 'page-size': { type: 'string' } },
		strict: true
	}).values;
} catch (error) {
	fail(`${(error as Error).message}\n${USAGE}`, 2);
}
const { from, to } = options;
if (!from || !to) fail(USAGE, 2);
if (!existsSync(from)) fail(`No SQLite database at ${from}.`, 2);
const pageSize = options['page-size'] === undefined ? undefined : Number(options['page-size']);
if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0))
	fail(`--page-size must be a whole number of rows.\n${USAGE}`, 2);

/** The URL as it may be shown: without its password. */
function shown(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString();
	} catch {
		return '(the given URL)';
	}
}

console.log(
	`Moving ${from} to ${shown(to)}.\n` +
		'Stop the app (every server process) first: the move reads the SQLite file as it is when it starts, ' +
		'and anything written to it later is not moved. The file itself is only read.\n'
);

const started = performance.now();
let step = '';
let stepStarted = started;
let lastLine = started;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const number = (n: number) => n.toLocaleString('en-US');

function onProgress(progress: Progress) {
	const now = performance.now();
	if (`${progress.phase} ${progress.table}` !== step) {
		step = `${progress.phase} ${progress.table}`;
		stepStarted = now;
	}
	const done = progress.rows === progress.total;
	// A line per table and phase, and one every 10 seconds for a long one.
	if (!done && now - lastLine < 10_000) return;
	lastLine = now;
	const elapsed = now - stepStarted;
	const rate = elapsed > 0 ? ` (${number(Math.round((progress.rows / elapsed) * 1000))} rows/s)` : '';
	const verb = progress.phase === 'copy' ? ['copied', 'copying'] : ['compared', 'comparing'];
	console.log(
		`${verb[done ? 0 : 1]} ${progress.table}: ${number(progress.rows)} of ${number(progress.total)} rows, ${seconds(elapsed)} s${rate}`
	);
}

try {
	const report = await moveDatabase({ from, to, pageSize, onProgress });
	const rows = report.tables.reduce((sum, t) => sum + t.target, 0);
	const elapsed = performance.now() - started;
	console.log(`\n${formatReport(report)}\n`);
	console.log(
		`Moved ${number(rows)} rows in ${seconds(elapsed)} s (${number(Math.round((rows / elapsed) * 1000))} rows/s), ` +
			`peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB. Both sides agree.`
	);
} catch (error) {
	if (error instanceof MoveVerificationFailed) {
		console.error(`\n${formatReport(error.report)}\n`);
		fail(error.message);
	}
	if (error instanceof MoveRefused) fail(`Nothing was moved: ${error.message}`);
	fail(`The move failed and nothing was kept in the target: ${(error as Error).message}`);
}
