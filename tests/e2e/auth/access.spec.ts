// Every route and every form action of the app, asked by every kind of visitor: protected ones
// must refuse the wrong roles and the wrong township. A new route fails this test until it is
// listed below with who may use it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { SHARED_ROUTES } from '../../../src/lib/server/http/cache-control';
import { apiAs, newAccount, newLearner, query, signIn, type Credentials } from '../helpers';
import { controlledByServiceWorker, keptAddresses } from '../offline/phone';

// Accounts of this test's own (see newAccount): it signs out everywhere as each of them.
const VISITORS = {
	anonymous: { role: 'anonymous', credentials: () => null },
	learner: { role: 'learner', credentials: () => newLearner({ township: '金河镇' }) },
	trainer: { role: 'trainer', credentials: () => newAccount('trainer') },
	staff: { role: 'staff', credentials: () => newAccount('staff', '金河镇') },
	admin: { role: 'admin', credentials: () => newAccount('admin') }
} as const satisfies Record<string, { role: string; credentials: () => Credentials | null }>;
type Visitor = keyof typeof VISITORS;

interface Rule {
	/** Roles that may use it; 'anyone' for public routes, 'signed-in' for any account. */
	allow: 'anyone' | 'signed-in' | string[];
	/** A concrete address for the route id (parameters filled in). */
	path?: () => string;
	/** Only checked with a POST (e.g. sign-out has no page of its own). */
	noGet?: boolean;
	/** Actions with their own rule (a public page whose form needs an account). */
	actions?: Record<string, Rule['allow']>;
}

const jinheLearnerId = () =>
	query<{ id: number }>(
		`select u.id from users u join households h on h.id = u.household_id join villages v on v.id = h.village_id
		 join townships t on t.id = v.township_id where t.code = '532530101' and u.role = 'learner' order by u.id limit 1`
	)[0].id;

const jinheVillageId = () => query<{ id: number }>(`select id from villages where code = '532530101201'`)[0].id;

const RULES: Record<string, Rule> = {
	'/(learner)': { allow: 'anyone' },
	'/(learner)/courses/[course]': { allow: 'anyone', path: () => '/courses/raising-chickens' },
	'/(learner)/courses/[course]/[lesson]': {
		allow: 'anyone',
		path: () => '/courses/raising-chickens/chicken-house',
		actions: { complete: 'signed-in' }
	},
	'/(trainer)/trainer': { allow: ['trainer', 'admin'] },
	'/(trainer)/trainer/courses/[course]': { allow: ['trainer', 'admin'], path: () => '/trainer/courses/shop-accounts' },
	'/(learner)/courses/[course]/exam': { allow: 'signed-in', path: () => '/courses/phone-safety/exam' },
	'/(learner)/courses/[course]/exam/result/[attempt]': {
		allow: 'signed-in',
		// Someone else's (or no) attempt is a 404 for everyone; what matters is that no one gets past sign-in.
		path: () => '/courses/phone-safety/exam/result/00000000-0000-4000-8000-000000000000'
	},
	'/(learner)/certificates/[number].pdf': { allow: 'signed-in', path: () => '/certificates/0000000000A.pdf' },
	'/(learner)/certificates/[number].json': { allow: 'signed-in', path: () => '/certificates/0000000000A.json' },
	'/verify': { allow: 'anyone' },
	'/verify/[number]': { allow: 'anyone', path: () => '/verify/0000000000A', actions: { revoke: ['staff'] } },
	'/issuer': { allow: 'anyone' },
	'/api/sync': { allow: 'anyone', noGet: true },
	'/areas': { allow: 'anyone' },
	'/healthz': { allow: 'anyone' },
	'/language/[locale]': { allow: 'anyone', path: () => '/language/en?to=/' },
	'/(learner)/learning': { allow: 'anyone' },
	'/(learner)/certificates': { allow: 'anyone' },
	'/me': { allow: 'anyone' },
	'/(auth)/login': { allow: 'anyone' },
	'/(auth)/register': { allow: 'anyone' },
	'/(auth)/logout': { allow: 'anyone', noGet: true },
	'/(auth)/password': { allow: 'signed-in' },
	'/(admin)/admin': { allow: ['admin'] },
	'/(admin)/admin/accounts': { allow: ['admin'] },
	'/(staff)/staff': { allow: ['staff'] },
	'/(staff)/staff/codes': { allow: ['staff'] },
	'/(staff)/staff/import': { allow: ['staff'] },
	'/(staff)/staff/import/template.[format]': { allow: ['staff'], path: () => '/staff/import/template.csv' },
	'/(staff)/staff/learners/new': { allow: ['staff'] },
	'/(staff)/staff/records': { allow: ['staff'] },
	'/(staff)/staff/records/export': { allow: ['staff'], path: () => '/staff/records/export?format=csv' },
	'/(staff)/staff/records/village/[id]': { allow: ['staff'], path: () => `/staff/records/village/${jinheVillageId()}` },
	'/(admin)/admin/records': { allow: ['admin'] },
	'/(admin)/admin/records/export': { allow: ['admin'], path: () => '/admin/records/export?format=csv' },
	'/(admin)/admin/tokens': { allow: ['admin'] },
	'/api/records': { allow: 'anyone' },
	'/(learner)/courses/[course]/offline.json': { allow: 'anyone', path: () => '/courses/phone-safety/offline.json' },
	'/offline': { allow: 'anyone' },
	'/(staff)/staff/learners/[id]': { allow: ['staff'], path: () => `/staff/learners/${jinheLearnerId()}` }
};

/** Route ids and their named form actions, read from src/routes. */
function discoverRoutes(): { id: string; actions: string[] }[] {
	const root = 'src/routes';
	const found: { id: string; actions: string[] }[] = [];
	const walk = (dir: string) => {
		const files = readdirSync(dir);
		if (files.some((f) => /^\+(page\.svelte|page\.server\.ts|server\.ts)$/.test(f))) {
			const id = '/' + relative(root, dir).split('\\').join('/');
			let actions: string[] = [];
			if (files.includes('+page.server.ts')) {
				const source = readFileSync(join(dir, '+page.server.ts'), 'utf8');
				const block = source.split('export const actions')[1];
				if (block) actions = [...block.matchAll(/^\t(\w+): /gm)].map((m) => m[1]);
			}
			found.push({ id: id === '/' ? '/' : id.replace(/\/$/, ''), actions });
		}
		for (const f of files) if (statSync(join(dir, f)).isDirectory()) walk(join(dir, f));
	};
	walk(root);
	return found;
}

const actionUrl = (path: string, action: string) => (action === 'default' ? path : `${path}?/${action}`);
const pathOf = (id: string, rule: Rule) => rule.path?.() ?? (id.replace(/\/\([^)]+\)/g, '') || '/');
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
