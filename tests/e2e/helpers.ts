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

export const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT || 4173)}`;

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, who: AccountName | { username: string; password: string }): Promise<void> {
	const account = typeof who === 'string' ? ACCOUNTS[who] : who;
	// Chinese pages whatever the account's own language is (the language test changes one account's for a moment).
	await page.context().addCookies([{ name: 'lang', value: 'zh-CN', url: BASE_URL }]);
	await page.goto('/login');
	await page.getByLabel('手机号或登录号').fill(account.username);
	await page.getByLabel('密码').fill(account.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** An HTTP client signed in as `who` (or anonymous), which does not follow redirects by itself. */
export async function apiAs(who: AccountName | null): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({
		baseURL: BASE_URL, // Ask for HTML like a browser form post; with */* SvelteKit answers actions as JSON (status 200).
		extraHTTPHeaders: { origin: BASE_URL, accept: 'text/html' }
	});
	if (who) {
		const { username, password } = ACCOUNTS[who];
		const response = await api.post('/login', { form: { identifier: username, password }, maxRedirects: 0 });
		expect(response.status(), `sign-in of ${who}`).toBe(303);
	}
	return api;
}

/** Read-only access to the e2e database, to find the ids of seeded rows. */
export function query<T>(sql: string, ...params: unknown[]): T[] {
	const db = new Database('tests/.tmp/e2e.db', { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}
