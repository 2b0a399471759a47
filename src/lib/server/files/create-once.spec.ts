// Several server processes start at once on a fresh install (npm start runs one per core): each must end up with
// the same certificate key and exam-ticket secret, made once, never half-written.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOrCreateFile } from './create-once.ts';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-once-'));
	dirs.push(dir);
	return dir;
};

// Each process loads the real modules, says it is ready, waits for the shared start signal (a file), then asks
// for the issuer key and signs one ticket: both need the files made beside the database.
const child = `
import { existsSync } from 'node:fs';
const { issuerKey } = await import(${JSON.stringify(resolve('src/lib/server/certificates/keys.ts'))});
const { ticketToken } = await import(${JSON.stringify(resolve('src/lib/server/learning/ticket-signature.ts'))});
console.log('ready');
while (!existsSync(process.env.GO_FILE)) await new Promise((r) => setTimeout(r, 1));
const key = await issuerKey();
const token = await ticketToken({ id: 'abcdefghijklmnop', userId: 1, courseSlug: 'c', contentVersion: 'v', seed: 1, questionIds: [], issuedAt: new Date(0) });
console.log(JSON.stringify({ publicKey: key.publicKeyMultibase, token }));
`;

function startProcess(env: NodeJS.ProcessEnv) {
	const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
		// Files beside a SQLite database, whatever engine the test run uses (PostgreSQL keeps them in the database).
		env: { ...process.env, DATABASE_URL: '', ZHIZHI_TEST_ENGINE: '', ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let out = '';
	const ready = new Promise<void>((done) =>
		proc.stdout.on('data', (chunk) => {
			out += chunk;
			if (out.includes('ready')) done();
		})
	);
	const result = new Promise<{ publicKey: string; token: string }>((done, fail) =>
		proc.on('exit', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('{'));
			if (code === 0 && line) done(JSON.parse(line));
			else fail(new Error(`child exited ${code}: ${out}`));
		})
	);
	return { ready, result };
}

describe('files made once beside the database', () => {
	it('processes starting together agree on one issuer key and one exam-ticket secret', async () => {
		const dir = tempDir();
		const go = join(dir, 'go');
		const env = {
			DATABASE_PATH: join(dir, 'zhizhi.db'),
			GO_FILE: go,
			ISSUER_KEY: '',
			ISSUER_KEY_PATH: '',
			EXAM_TICKET_SECRET: ''
		};
		const processes = Array.from({ length: 4 }, () => startProcess(env));
		await Promise.all(processes.map((p) => p.ready));
		writeFileSync(go, '');
		const results = await Promise.all(processes.map((p) => p.result));
		expect(new Set(results.map((r) => r.publicKey)).size).toBe(1);
		expect(new Set(results.map((r) => r.token)).size).toBe(1);
		// The files are there, private, and no temporary file is left behind.
		for (const name of ['issuer-key.json', 'exam-ticket-secret'])
			expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
		expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
	}, 240_000);

	it('keeps the first content and never overwrites a file that is there', () => {
		const path = join(tempDir(), 'sub', 'secret');
		expect(readOrCreateFile(path, () => 'first')).toEqual({ text: 'first', created: true });
		expect(readOrCreateFile(path, () => 'second')).toEqual({ text: 'first', created: false });
		expect(existsSync(`${path}.tmp`)).toBe(false);
	});
});
