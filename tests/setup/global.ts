// Once per test run: the template database the server tests copy (see src/lib/server/tooling/test-template.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTemplateDatabase } from '../../src/lib/server/tooling/test-template.ts';

export default function setup(): () => void {
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-tests-'));
	const template = join(dir, 'template.db');
	makeTemplateDatabase(template);
	process.env.ZHIZHI_TEST_TEMPLATE = template;
	process.env.ZHIZHI_TEST_DIR = dir;
	return () => rmSync(dir, { recursive: true, force: true });
}
