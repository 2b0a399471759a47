// Every route and every form action of the app, asked by every kind of visitor: protected ones
// must refuse the wrong roles and the wrong township. A new route fails this test until it is
// listed in routes.ts with who may use it.
import { expect, test } from '@playwright/test';
import { apiAs, newAccount, newLearner, type Credentials } from '../helpers';
import { actionUrl, discoverRoutes, jinheLearnerId, pathOf, RULES, type Rule } from './routes';

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
