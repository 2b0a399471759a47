// Every route's response carries the security headers, asked by a visitor who may open it (so that the page
// itself answers, not the sign-in guard). Pages get SvelteKit's Content-Security-Policy: no inline script runs
// without its nonce (pages made per request) or its hash (the prerendered offline page).
import { createHash } from 'node:crypto';
import { expect, test, type APIResponse } from '@playwright/test';
import { apiAs, newAccount, newLearner, signIn, type Credentials } from '../helpers';
import { actionUrl, discoverRoutes, pathOf, RULES, type Rule } from './routes';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

/** Someone allowed to open a route: anonymous for public ones, else an account of the first role allowed. */
function visitorFor(rule: Rule): Credentials | null {
	if (rule.allow === 'anyone') return null;
	if (rule.allow === 'signed-in') return newLearner({ township: '金河镇' });
	return newAccount(rule.allow[0] as 'trainer' | 'staff' | 'admin');
}

/** The inline scripts of a page, with their attributes. */
const inlineScripts = (html: string) =>
	[...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(([, attrs]) => !/\bsrc=/.test(attrs));

async function expectSecureResponse(response: APIResponse): Promise<void> {
	const headers = response.headers();
	const where = `${response.status()} ${response.url()}`;
	expect(headers['x-content-type-options'], where).toBe('nosniff');
	expect(headers['referrer-policy'], where).toBe('same-origin');
	expect(headers['x-frame-options'], where).toBe('DENY');
	if (!/^text\/html/.test(headers['content-type'] ?? '')) return;
	expect(headers['content-type'], where).toMatch(/charset=utf-8/i);
	const csp = headers['content-security-policy'];
	expect(csp ?? '', where).toContain("frame-ancestors 'none'");
	const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
	expect(scriptSrc, where).not.toContain('unsafe-inline');
	const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
	for (const [, attrs] of inlineScripts(await response.text())) {
		expect(nonce, `${where}: an inline script but no nonce`).toBeTruthy();
		expect(attrs, where).toContain(`nonce="${nonce}"`);
	}
}

test('every route answers with the security headers', async () => {
	test.setTimeout(120_000);
	let checked = 0;
	for (const { id, actions } of discoverRoutes()) {
		const rule = RULES[id];
		expect(rule, `${id} is missing from routes.ts`).toBeTruthy();
		if (id === '/offline') continue; // prerendered: a file on disk, checked below
		const api = await apiAs(visitorFor(rule));
		const path = pathOf(id, rule);
		// A route without a page (sign-out, sync) is asked with a POST to its first action.
		const response = rule.noGet
			? await api.post(actionUrl(path, actions[0] ?? 'default'), { form: {}, maxRedirects: 0 })
			: await api.get(path, { maxRedirects: 0 });
		await expectSecureResponse(response);
		checked++;
		await api.dispose();
	}
	expect(checked).toBeGreaterThan(30);
});

test('the prerendered offline page allows only its own inline scripts, by hash', async () => {
	const api = await apiAs(null);
	const response = await api.get('/offline');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^text\/html;\s*charset=utf-8/i);
	const html = await response.text();
	const policy = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
	const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
	expect(scriptSrc).not.toContain('unsafe-inline');
	const scripts = inlineScripts(html);
	expect(scripts.length).toBeGreaterThan(0);
	for (const [, , body] of scripts) {
		const hash = createHash('sha256').update(body).digest('base64');
		expect(scriptSrc).toContain(`'sha256-${hash}'`);
	}
	await api.dispose();
});

test('pages run under the policy: a signed-in page hydrates without a single CSP violation', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
	});
	await signIn(page, newLearner());
	await page.goto('/courses/raising-chickens/chicken-house', { waitUntil: 'networkidle' });
	// The app's own script registers the service worker: it ran under the policy.
	expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active))).toBe(true);
	await page.goto('/offline', { waitUntil: 'networkidle' });
	expect(violations).toEqual([]);
});
