import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTS } from '../helpers';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// A server of its own (this test stops it): the shared one must stay up for the other tests.
const PORT = Number(process.env.E2E_RESTART_PORT || 4191);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const dir = mkdtempSync(join(tmpdir(), 'zhizhi-restart-'));
const env = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ORIGIN, DATABASE_PATH: join(dir, 'e2e.db') };
const COURSE = 'shop-accounts';
const LESSONS = ['why-keep-accounts', 'daily-ledger'];

async function startServer(): Promise<ChildProcess> {
	const server = spawn(process.execPath, ['build'], { env, stdio: 'ignore' });
	for (let tries = 0; tries < 100; tries++) {
		const up = await fetch(`${ORIGIN}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (up) return server;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	server.kill('SIGKILL');
	throw new Error('the test server did not start');
}

function count(sql: string, ...params: unknown[]): number {
	const db = new Database(env.DATABASE_PATH, { readonly: true, fileMustExist: true });
	try {
		return (db.prepare(sql).get(...params) as { n: number }).n;
	} finally {
		db.close();
	}
}

test('the server stops after taking a sync and before answering it: after its restart nothing is lost or doubled', async ({
	browser
}) => {
	test.slow();
	const seeded = spawnSync('npx', ['tsx', 'src/lib/server/cli/seed.ts', '--demo', '--fresh', '--no-activity'], {
		env,
		encoding: 'utf8'
	});
	expect(seeded.status, seeded.stderr).toBe(0);
	let server = await startServer();
	// The page's own outbox is under test here; the service worker's Background Sync would send on its own.
	const context = await browser.newContext({ baseURL: ORIGIN, serviceWorkers: 'block' });
	const page = await context.newPage();
	try {
		// While the line is "down", each sync fails before reaching the server, so the events wait on the phone.
		let mode: 'down' | 'apply-then-stop' | 'up' = 'down';
		let stoppedMidSync = false;
		await page.route('**/api/sync', async (route) => {
			if (mode === 'up') return route.continue();
			if (mode === 'down') return route.abort('internetdisconnected');
			// The server takes the batch and records it... and stops before its answer reaches the phone.
			await route.fetch();
			server.kill('SIGKILL');
			stoppedMidSync = true;
			mode = 'down';
			return route.abort('connectionreset');
		});

		const { username, password } = ACCOUNTS.learnerJinhe;
		await page.goto('/login');
		await page.getByLabel('手机号或登录号').fill(username);
		await page.getByLabel('密码').fill(password);
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page).not.toHaveURL(/\/login/);
		for (const lesson of LESSONS) {
			await page.goto(`/courses/${COURSE}/${lesson}`, { waitUntil: 'networkidle' });
			await page.getByRole('button', { name: '这一课学完了' }).click();
			await expect(page.getByText('这一课已学完')).toBeVisible();
		}
		await expect(page.getByText('2 条记录待同步')).toBeVisible();

		// Back "online": the sync reaches the server, which records both and dies before answering.
		mode = 'apply-then-stop';
		await context.setOffline(true);
		await context.setOffline(false);
		await expect.poll(() => stoppedMidSync, { timeout: 20_000 }).toBe(true);
		const where = `user_id = (select id from users where username = ?) and course_slug = ? and kind = 'lesson_completed'`;
		expect(count(`select count(*) as n from learning_events where ${where}`, username, COURSE)).toBe(2);
		// No answer came, so the phone still holds both.
		await expect(page.getByText('2 条记录待同步')).toBeVisible();

		// The server is back: the phone sends both again, the server knows them, and the phone lets them go.
		server = await startServer();
		mode = 'up';
		await context.setOffline(true);
		await context.setOffline(false);
		await expect(page.getByText('已全部同步')).toBeVisible({ timeout: 20_000 });
		expect(count(`select count(*) as n from learning_events where ${where}`, username, COURSE)).toBe(2);
		expect(
			count(
				`select count(*) as n from lesson_completions where user_id = (select id from users where username = ?) and course_slug = ?`,
				username,
				COURSE
			)
		).toBe(2);
	} finally {
		await context.close();
		server.kill('SIGKILL');
	}
});
