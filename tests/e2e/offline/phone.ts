import { expect, type BrowserContext, type Page } from '@playwright/test';
import { BASE_URL, apiAs, type Credentials } from '../helpers';

/** Waits until the service worker runs the page (reloading once if it was installed by this very load). */
export async function controlledByServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/**
 * Signs in without opening a page (the session cookie of an HTTP sign-in, handed to the browser): the test then
 * knows exactly which pages the phone has seen.
 */
export async function signInWithoutVisiting(context: BrowserContext, who: Credentials): Promise<void> {
	const api = await apiAs(who);
	const { cookies } = await api.storageState();
	await api.dispose();
	await context.addCookies([...cookies, { name: 'lang', value: 'zh-CN', url: BASE_URL }]);
}

/** The addresses (path and query) in the worker's page caches: visited pages and saved courses. */
export function keptAddresses(page: Page): Promise<{ cache: string; address: string }[]> {
	return page.evaluate(async () => {
		const found: { cache: string; address: string }[] = [];
		for (const name of await caches.keys()) {
			if (name !== 'pages' && !name.startsWith('course:')) continue;
			for (const request of await (await caches.open(name)).keys()) {
				const url = new URL(request.url);
				found.push({ cache: name, address: url.pathname + url.search });
			}
		}
		return found;
	});
}
