import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, checkDatabasePath, readConfig } from './config.ts';

describe('readConfig', () => {
	it('uses defaults when nothing is set', () => {
		const c = readConfig({});
		expect(c.databasePath.endsWith('data/zhizhi.db')).toBe(true);
		expect(c.production).toBe(false);
		expect(c.syncMaxEvents).toBe(200);
	});

	it.each([
		[{ PORT: 'abc' }, /^PORT="abc"/],
		[{ PORT: '70000' }, /^PORT=70000 is out of range/],
		[{ NODE_ENV: 'production' }, /^ORIGIN is not set/],
		[{ ORIGIN: 'https://x.cn/path' }, /^ORIGIN="https:\/\/x.cn\/path" is not an origin/]
	])('rejects %o with one line naming the setting', (env, message) => {
		expect(() => readConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
		expect(() => readConfig(env as NodeJS.ProcessEnv)).toThrow(message);
	});

	it('accepts a production setup with an origin', () => {
		expect(readConfig({ NODE_ENV: 'production', ORIGIN: 'https://learn.example.cn', PORT: '8080' }).origin).toBe(
			'https://learn.example.cn'
		);
	});

	it('refuses a database path in a folder that cannot be written', () => {
		const file = join(mkdtempSync(join(tmpdir(), 'zhizhi-cfg-')), 'plain-file');
		writeFileSync(file, '');
		expect(() => checkDatabasePath(join(file, 'test.db'))).toThrow(/^DATABASE_PATH=.* is not writable/);
	});
});
