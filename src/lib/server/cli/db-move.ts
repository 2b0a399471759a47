// npm run db:move -- --from data/zhizhi.db --to postgres://user:password@host:5432/zhizhi
//
// Copies every row of the SQLite database into an empty PostgreSQL database (migrating it first with drizzle/pg),
// then compares both sides table by table (row counts and checksums) and prints the comparison. All in one
// PostgreSQL transaction: on any error or difference nothing is kept, and the command exits with status 1.
// The certificate signing key and the exam-ticket secret, which a SQLite install keeps in files beside the
// database, go into the database too (instance_secrets), where every PostgreSQL server finds them: the files beside
// --from, or the ones --issuer-key and --ticket-secret name. See src/lib/server/db/move.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SECRET_NAMES } from '../db/instance-secrets.ts';
import { formatReport, moveDatabase, MoveRefused, MoveVerificationFailed, type Progress } from '../db/move.ts';

const USAGE =
	'Usage: npm run db:move -- --from <SQLite file> --to <postgres:// URL of an empty database> [--page-size <rows>]\n' +
	'  [--issuer-key <file>] [--ticket-secret <file>]  (default: issuer-key.json and exam-ticket-secret beside --from)';

function fail(message: string, status = 1): never {
	console.error(message);
	process.exit(status);
}

let options: { from?: string; to?: string; 'page-size'?: string; 'issuer-key'?: string; 'ticket-secret'?: string };
try {
	options = parseArgs({
		options: {
			from: { type: 'string' },
			to: { type: 'string' },
			'page-size': { type: 'string' },
			'issuer-key': { type: 'string' },
			'ticket-secret': { type: 'string' }
		},
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

/**
 * A secret's file: the one named (which must be there), else the install's default beside the SQLite file (when
 * there is one). Checked for its form, so a wrong file is refused before anything moves.
 */
function secretFile(named: string | undefined, beside: string, what: string, valid: (text: string) => boolean) {
	const path = named ?? join(dirname(from!), beside);
	if (!existsSync(path)) {
		if (named) fail(`No ${what} at ${named}.`, 2);
		return null;
	}
	const text = readFileSync(path, 'utf8');
	if (!valid(text)) fail(`${path} is not ${what}.`, 2);
	return { path, text };
}
const issuerKey = secretFile(options['issuer-key'], 'issuer-key.json', 'a certificate signing key', (text) => {
	try {
		const key = JSON.parse(text) as { type?: unknown; publicKeyMultibase?: unknown; secretKeyMultibase?: unknown };
		return (
			key.type === 'Multikey' &&
			typeof key.publicKeyMultibase === 'string' &&
			typeof key.secretKeyMultibase === 'string'
		);
	} catch {
		return false;
	}
});
const ticketSecret = secretFile(options['ticket-secret'], 'exam-ticket-secret', 'an exam-ticket secret', (text) =>
	/^[A-Za-z0-9_-]{43}$/.test(text.trim())
);
const secrets: Record<string, string> = {};
if (issuerKey) secrets[SECRET_NAMES.issuerKey] = issuerKey.text;
if (ticketSecret) secrets[SECRET_NAMES.examTicketSecret] = ticketSecret.text;

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
	const report = await moveDatabase({ from, to, pageSize, onProgress, secrets });
	const rows = report.tables.reduce((sum, t) => sum + t.target, 0);
	const elapsed = performance.now() - started;
	console.log(`\n${formatReport(report)}\n`);
	console.log(
		`Moved ${number(rows)} rows in ${seconds(elapsed)} s (${number(Math.round((rows / elapsed) * 1000))} rows/s), ` +
			`peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB. Both sides agree.`
	);
	const kept = new Set(report.secrets);
	const secretLines = [
		[issuerKey, SECRET_NAMES.issuerKey, 'The certificate signing key', 'certificates issued before cannot be verified'],
		[ticketSecret, SECRET_NAMES.examTicketSecret, 'The exam-ticket secret', 'exams opened before are refused']
	] as const;
	for (const [file, name, what, without] of secretLines) {
		if (file && kept.has(name)) console.log(`${what} of ${file.path} is kept in the database (instance_secrets).`);
		else if (file)
			console.log(`${what}: the database had one already (copied from SQLite); ${file.path} was not used.`);
		else
			console.log(
				`${what}: no file beside ${from}, and none named. Without the old one, ${without}: give it to the ` +
					'servers as a setting, or move again with the file named.'
			);
	}
} catch (error) {
	if (error instanceof MoveVerificationFailed) {
		console.error(`\n${formatReport(error.report)}\n`);
		fail(error.message);
	}
	if (error instanceof MoveRefused) fail(`Nothing was moved: ${error.message}`);
	fail(`The move failed and nothing was kept in the target: ${(error as Error).message}`);
}
