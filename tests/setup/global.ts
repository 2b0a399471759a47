// Once per test run: the template database the server tests copy (see src/lib/server/tooling/test-template.ts).
// With ZHIZHI_TEST_ENGINE=postgres, also a throw-away PostgreSQL server with a template database of its own.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from '../../src/lib/server/tooling/pg-server.ts';
import { testEngine } from '../../src/lib/server/tooling/test-engine.ts';
import { makePostgresTemplate, makeTemplateDatabase } from '../../src/lib/server/tooling/test-template.ts';

const PG_TEMPLATE = 'zhizhi_template';
const PG_TEMPLATE_DEMO = 'zhizhi_template_demo';

export default async function setup(): Promise<() => Promise<void>> {
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-tests-'));
	process.env.ZHIZHI_TEST_DIR = dir;
	let stopPostgres = async () => {};
	if (testEngine === 'sqlite') {
		const template = join(dir, 'template.db');
		await makeTemplateDatabase(template);
		process.env.ZHIZHI_TEST_TEMPLATE = template;
		const demo = join(dir, 'template-demo.db');
		copyFileSync(template, demo);
		await makeTemplateDatabase(demo, { demo: true });
		process.env.ZHIZHI_TEST_TEMPLATE_DEMO = demo;
	} else {
		// The app's tables are PostgreSQL's in this run (db/engine.ts): every server test runs there.
		// Each test file and each fresh database of a test holds a few connections, two workers at a time.
		const server = await startThrowawayPostgres({ maxConnections: 400 });
		stopPostgres = () => server.stop();
		await server.createDatabase(PG_TEMPLATE);
		await makePostgresTemplate(server.url(PG_TEMPLATE));
		await server.createDatabase(PG_TEMPLATE_DEMO, { template: PG_TEMPLATE });
		await makePostgresTemplate(server.url(PG_TEMPLATE_DEMO), { demo: true });
		await server.makeTemplate(PG_TEMPLATE);
		await server.makeTemplate(PG_TEMPLATE_DEMO);
		process.env.ZHIZHI_TEST_PG = server.url('postgres');
		process.env.ZHIZHI_TEST_PG_TEMPLATE = PG_TEMPLATE;
		process.env.ZHIZHI_TEST_PG_TEMPLATE_DEMO = PG_TEMPLATE_DEMO;
	}
	return async () => {
		await stopPostgres();
		rmSync(dir, { recursive: true, force: true });
	};
}
