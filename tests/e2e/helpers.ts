import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';

/** The demo accounts the e2e server is seeded with (see README "Demo accounts"). */
export const ACCOUNTS = {
	admin: { username: 'admin', password: 'admin-demo-2026' },
	trainer: { username: 'trainer', password: 'trainer-demo-2026' },
	staffJinhe: { username: 'staff-jinhe', password: 'staff-demo-2026' },
	staffTongchang: { username: 'staff-tongchang', password: 'staff-demo-2026' },
	learnerJinhe: { username: '13800000001', password: '123456' },
	learnerTongchang: { username: '13800000002', password: '123456' },
	/** Only the language test signs in as her: it changes her account's language for a moment. */
	learnerDaping: { username: '13800000003', password: '123456' }
} as const;
export type AccountName = keyof typeof ACCOUNTS;
export type Credentials = { username: string; password: string };

const DATABASE = 'tests/.tmp/e2e.db';

export const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT || 4173)}`;

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, who: AccountName | Credentials): Promise<void> {
	const account = typeof who === 'string' ? ACCOUNTS[who] : who;
	// Chinese pages whatever the account's own language is (the language test changes one account's for a moment).
	await page.context().addCookies([{ name: 'lang', value: 'zh-CN', url: BASE_URL }]);
	// Waits for the page to settle first, so that a slow start of its script cannot hold up the click.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('手机号或登录号').fill(account.username);
	await page.getByLabel('密码').fill(account.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** An HTTP client signed in as `who` (or anonymous), which does not follow redirects by itself. */
export async function apiAs(who: AccountName | Credentials | null): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({
		baseURL: BASE_URL, // Ask for HTML like a browser form post; with */* SvelteKit answers actions as JSON (status 200).
		extraHTTPHeaders: { origin: BASE_URL, accept: 'text/html' }
	});
	if (who) {
		const { username, password } = typeof who === 'string' ? ACCOUNTS[who] : who;
		const response = await api.post('/login', { form: { identifier: username, password }, maxRedirects: 0 });
		expect(response.status(), `sign-in of ${username}`).toBe(303);
	}
	return api;
}

const sessionCookies = new Map<AccountName, { name: string; value: string }[]>();

/**
 * Gives the page a session of a demo account without going through the form: for tests about the pages behind
 * the sign-in, not the sign-in itself. One session per account and test worker, made at first use.
 */
export async function useSession(page: Page, who: AccountName): Promise<void> {
	let cookies = sessionCookies.get(who);
	if (!cookies) {
		const api = await apiAs(who);
		cookies = (await api.storageState()).cookies.map(({ name, value }) => ({ name, value }));
		await api.dispose();
		sessionCookies.set(who, cookies);
	}
	await page
		.context()
		.addCookies([{ name: 'lang', value: 'zh-CN' }, ...cookies].map((cookie) => ({ ...cookie, url: BASE_URL })));
}

/**
 * The page's accessibility violations, by axe-core. Run in the page itself (legacy mode; the app's pages have no
 * frames) and asked for violations only: by default AxeBuilder opens a second page to merge the frames' results
 * and sends back every rule's passes too: 1.45 s a page against 0.85 s this way, on 2 cores.
 */
export async function axeViolations(page: Page): Promise<string[]> {
	expect(page.frames(), 'frames, which the check in the page itself would not see').toHaveLength(1);
	const results = await new AxeBuilder({ page })
		.setLegacyMode(true)
		.options({ resultTypes: ['violations'] })
		.analyze();
	return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
}

/** Read-only access to the e2e database, to find the ids of seeded rows. */
export function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

export type Learner = Credentials & { id: number; name: string };

/**
 * A learner of the test's own, in a demo household of the township, signing in with the demo PIN.
 * Tests that change a learner's progress use one: they never meet another test's records, running in parallel
 * or again against the same server. They learn in 铜厂乡, so that 金河镇's records, which the records tests
 * export and count, stay as seeded while the tests run.
 */
export function newLearner({
	township = '铜厂乡',
	name
}: { township?: '金河镇' | '铜厂乡'; name?: string } = {}): Learner {
	const db = new Database(DATABASE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const home = db
			.prepare(
				`select h.id as householdId, v.township_id as townshipId from households h
				 join villages v on v.id = h.village_id join townships t on t.id = v.township_id
				 where t.name = ? order by h.id limit 1`
			)
			.get(township) as { householdId: number; townshipId: number };
		// The demo learners' PIN, hashed as the app hashes it.
		const { passwordHash } = db
			.prepare(`select password_hash as passwordHash from users where username = ?`)
			.get(ACCOUNTS.learnerJinhe.username) as { passwordHash: string };
		const insert = db.prepare(
			`insert or ignore into users (role, name, username, phone, household_id, township_id, password_hash)
			 values ('learner', ?, ?, ?, ?, ?, ?)`
		);
		for (;;) {
			const phone = `147${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
			const learnerName = name ?? `学员${phone.slice(-4)}`;
			const row = insert.run(learnerName, phone, phone, home.householdId, home.townshipId, passwordHash);
			if (row.changes === 1) {
				const id = Number(row.lastInsertRowid);
				return { id, name: learnerName, username: phone, password: ACCOUNTS.learnerJinhe.password };
			}
		}
	} finally {
		db.close();
	}
}

/**
 * A trainer, staff member or admin of the test's own, with the demo password of that role. The access test
 * signs out everywhere as each of its visitors: with accounts of its own, it never ends the sessions of the
 * tests that run beside it as the demo accounts.
 */
export function newAccount(role: 'trainer' | 'staff' | 'admin', township: '金河镇' | '铜厂乡' = '金河镇'): Credentials {
	const demo = {
		trainer: ACCOUNTS.trainer,
		staff: township === '金河镇' ? ACCOUNTS.staffJinhe : ACCOUNTS.staffTongchang,
		admin: ACCOUNTS.admin
	}[role];
	const db = new Database(DATABASE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const { passwordHash, townshipId } = db
			.prepare(`select password_hash as passwordHash, township_id as townshipId from users where username = ?`)
			.get(demo.username) as { passwordHash: string; townshipId: number | null };
		const username = `${role}-${crypto.randomUUID().slice(0, 8)}`;
		db.prepare(`insert into users (role, name, username, township_id, password_hash) values (?, ?, ?, ?, ?)`).run(
			role,
			`测试${username.slice(-4)}`,
			username,
			townshipId,
			passwordHash
		);
		return { username, password: demo.password };
	} finally {
		db.close();
	}
}
