import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The built server must refuse a bad setting at start with one clear line, and never half-start.
const dir = mkdtempSync(join(tmpdir(), 'zhizhi-start-'));
const notADirectory = join(dir, 'plain-file');
writeFileSync(notADirectory, '');

const cases = [
	{ env: { PORT: 'abc' }, line: /^\[zhizhi\] PORT="abc" is not a whole number/ },
	{ env: { NODE_ENV: 'production' }, line: /^\[zhizhi\] ORIGIN is not set/ },
	{ env: { DATABASE_PATH: join(notADirectory, 'x.db') }, line: /^\[zhizhi\] DATABASE_PATH=.* is not writable/ }
];

for (const { env, line } of cases) {
	test(`the server stops at start on ${Object.keys(env).join(', ')}`, () => {
		const base: NodeJS.ProcessEnv = { ...process.env, PORT: '4999', DATABASE_PATH: join(dir, 'ok.db') };
		delete base.ORIGIN;
		const result = spawnSync(process.execPath, ['build'], {
			env: { ...base, ...env },
			encoding: 'utf8',
			timeout: 20_000
		});
		expect(result.status).toBe(1);
		const lines = result.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(line);
	});
}
