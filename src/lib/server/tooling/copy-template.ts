// A copy of the test run's template database (test-template.ts) for one test: file work only, so that the setup
// every test file runs (tests/setup/each-file.ts) loads nothing else.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A copy of the run's template in a folder of its own (under the run's folder): the plain one, or the one with
 * the demo county and its accounts already seeded; null outside a test run.
 */
export function copyOfTemplate(kind: 'plain' | 'demo' = 'plain'): string | null {
	const template = kind === 'demo' ? process.env.ZHIZHI_TEST_TEMPLATE_DEMO : process.env.ZHIZHI_TEST_TEMPLATE;
	const runDir = process.env.ZHIZHI_TEST_DIR;
	if (!template || !runDir) return null;
	const path = join(mkdtempSync(join(runDir, 'db-')), 'test.db');
	copyFileSync(template, path);
	return path;
}
