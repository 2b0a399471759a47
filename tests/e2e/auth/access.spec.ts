// Every route and every form action of the app, asked by every kind of visitor: protected ones
// must refuse the wrong roles and the wrong township. A new route fails this test until it is
// listed in routes.ts with who may use it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHARED_ROUTES } from '../../../src/lib/server/http/cache-control';
import { apiAs, newAccount, newLearner, signIn, type Credentials } from '../helpers';
import { controlledByServiceWorker, keptAddresses } from '../offline/phone';
import { actionUrl, discoverRoutes, jinheLearnerId, pathOf, RULES, type Rule } from './routes';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// Accounts of this test's own (see newAccount): it signs out everywhere as each of them.
const VISITORS = {
	anonymous: { role: 'anonymous', credentials: () => null },
	learner: { role: 'learner', credentials: () => newLearner({ township: '金河镇' }) },
	trainer: { role: 'trainer', credentials: () => newAccount('trainer') },
	staff: { role: 'staff', credentials: () => newAccount('staff', '金河镇') },
	admin: { role: 'admin', credentials: () => newAccount('admin') }
} as const satisfies Record<string, { role: string; credentials: () => Credentials | null }>;
type Visitor = keyof typeof VISITORS;

const allowed = (rule: Rule, visitor: Visitor) =>
	rule.allow === 'anyone' ||
	(rule.allow === 'signed-in' ? visitor !== 'anonymous' : rule.allow.includes(VISITORS[visitor].role));

test('every route is listed with who may use it', () => {
	const unknown = discoverRoutes()
		.map((r) => r.id)
		.filter((id) => !RULES[id]);
	expect(unknown, 'routes missing from the access table').toEqual([]);
});

for (const visitor of Object.keys(VISITORS) as Visitor[]) {
	test(`protected pages and actions refuse the wrong roles: ${visitor}`, async () => {
		const api = await apiAs(VISITORS[visitor].credentials());
		for (const { id, actions } of discoverRoutes()) {
			const rule = RULES[id];
			const path = pathOf(id, rule);
			const requests = [
				...(rule.noGet ? [] : [{ allow: rule.allow, send: () => api.get(path, { maxRedirects: 0 }) }]),
				...actions.map((action) => ({
					allow: rule.actions?.[action] ?? rule.allow,
					send: () => api.post(actionUrl(path, action), { form: {}, maxRedirects: 0 })
				}))
			];
			for (const { allow, send } of requests) {
				if (allow === 'anyone') continue;
				const ok = allowed({ allow }, visitor);
				const response = await send();
				const where = `${visitor} ${response.url()}`;
				if (visitor === 'anonymous') {
					expect(response.status(), where).toBe(303);
					expect(response.headers()['location'], where).toMatch(/\/login\?next=/);
				} else if (!ok) {
					expect(response.status(), where).toBe(403);
				} else {
					expect(response.status(), where).not.toBe(403);
					expect(response.status(), where).toBeLessThan(500);
				}
			}
		}
		await api.dispose();
	});
}

test('staff of one township get 404 for a learner of another, for the page and every action', async () => {
	const api = await apiAs(newAccount('staff', '铜厂乡'));
	const path = `/staff/learners/${jinheLearnerId()}`;
	expect((await api.get(path, { maxRedirects: 0 })).status()).toBe(404);
	const actions = discoverRoutes().find((r) => r.id === '/(staff)/staff/learners/[id]')!.actions;
	expect(actions.length).toBeGreaterThan(0);
	for (const action of actions) {
		const response = await api.post(actionUrl(path, action), { form: {}, maxRedirects: 0 });
		expect(response.status(), action).toBe(404);
	}
	const own = await apiAs(newAccount('staff', '金河镇'));
	expect((await own.get(path, { maxRedirects: 0 })).status()).toBe(200);
	await api.dispose();
	await own.dispose();
});

test('staff of one township cannot note a contact with a learner of another; /api/village is for learners', async () => {
	const api = await apiAs(newAccount('staff', '铜厂乡'));
	const response = await api.post('/staff/follow-up?/contacted', {
		form: { learnerId: String(jinheLearnerId()), note: '打过电话', contactedOn: '2026-01-01' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(404);
	expect((await api.get('/api/village')).status()).toBe(403);
	await api.dispose();
	const anonymous = await apiAs(null);
	expect((await anonymous.get('/api/village')).status()).toBe(401);
	await anonymous.dispose();
});

// What browsers, proxies and the service worker may keep: every answer is `no-store` unless its route is listed
// as the same for everyone (src/lib/server/http/cache-control.ts), and a listed route truly is.

/** Statuses a cache may keep without being told to (RFC 9111, 4.2.2), and every other success. */
const KEEPABLE = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);
const isPage = (id: string) => existsSync(join('src/routes', id, '+page.svelte'));
const dataPath = (path: string) => `${path === '/' ? '' : path}/__data.json`;
const forbidsKeeping = (cacheControl: string | undefined) => /\b(?:no-store|private)\b/.test(cacheControl ?? '');

test('no answer that could hold someone’s data may be kept by a browser or a proxy; the session cookie is not resent', async () => {
	for (const visitor of Object.keys(VISITORS) as Visitor[]) {
		const api = await apiAs(VISITORS[visitor].credentials());
		for (const { id } of discoverRoutes()) {
			const rule = RULES[id];
			if (rule.noGet) continue;
			const path = pathOf(id, rule);
			for (const address of isPage(id) ? [path, dataPath(path)] : [path]) {
				const response = await api.get(address, { maxRedirects: 0 });
				const where = `${visitor} ${address} ${response.status()}`;
				const cacheControl = response.headers()['cache-control'];
				const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie');
				// A fresh session has a month left: nothing to renew, so no cookie (it would make any answer personal).
				expect(
					cookies.filter((c) => c.value.startsWith('session=')),
					where
				).toEqual([]);
				if (cookies.length > 0) expect(cacheControl, where).toContain('no-store');
				if (!KEEPABLE.has(response.status())) continue;
				// SvelteKit's redirect for data (a 200 naming where to go) holds nothing and is never kept by the worker.
				if (address.endsWith('__data.json') && (await response.text()).startsWith('{"type":"redirect"')) continue;
				if (SHARED_ROUTES.has(id) && response.ok()) expect(forbidsKeeping(cacheControl), where).toBe(false);
				else expect(cacheControl, where).toContain('no-store');
			}
		}
		await api.dispose();
	}
});

test('a route listed as shared answers everyone alike: two learners and nobody', async () => {
	const askers = [await apiAs(newLearner()), await apiAs(newLearner()), await apiAs(null)];
	// Only what must differ between two answers to the same person may differ: ids and nonces made per answer.
	const alike = (text: string) =>
		text
			.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
			.replace(/nonce="[^"]*"/g, 'nonce');
	for (const id of SHARED_ROUTES) {
		const rule = RULES[id];
		expect(rule, `${id} is in the access table`).toBeDefined();
		const path = pathOf(id, rule);
		for (const address of isPage(id) || id === '/offline' ? [path, dataPath(path)] : [path]) {
			const answers = await Promise.all(askers.map(async (api) => alike(await (await api.get(address)).text())));
			expect(answers[1], `${address}: two learners`).toBe(answers[0]);
			expect(answers[2], `${address}: a learner and nobody`).toBe(answers[0]);
		}
	}
	for (const api of askers) await api.dispose();
});

for (const visitor of Object.keys(VISITORS) as Visitor[]) {
	test(`the service worker keeps no page that is not shared: ${visitor}`, async ({ page }) => {
		test.slow();
		const credentials = VISITORS[visitor].credentials();
		if (credentials) await signIn(page, credentials);
		else await page.goto('/');
		await controlledByServiceWorker(page);
		const shared = new Set<string>();
		for (const { id } of discoverRoutes()) {
			const rule = RULES[id];
			if (rule.noGet || !isPage(id)) continue;
			const path = pathOf(id, rule);
			if (SHARED_ROUTES.has(id)) shared.add(path).add(dataPath(path));
			await page.goto(path);
			// The same page's data, as a tap on a link inside the app asks for it (through the worker).
			await page.evaluate(
				(address) => fetch(address).then((r) => r.text()),
				`${dataPath(path)}?x-sveltekit-invalidated=11`
			);
		}
		const kept = (await keptAddresses(page)).map(({ address }) => address.replace(/\?.*$/, ''));
		expect(kept.filter((address) => !shared.has(address))).toEqual([]);
	});
}
