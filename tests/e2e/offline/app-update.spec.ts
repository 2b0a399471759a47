import { expect, test, type Page } from '@playwright/test';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// After an update, the pages a phone stored earlier still name the old version's scripts, which the new
// service worker no longer has: opened offline, nothing on them would work. The worker fetches them again.

async function controlledByServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** The stored copy of `path` in the cache `name`, as text (null when there is none). */
const stored = (page: Page, name: string, path: string) =>
	page.evaluate(
		async ({ name, path }) =>
			(await (await caches.open(name)).match(new URL(path, location.href).href))?.text() ?? null,
		{ name, path }
	);

/** The app version whose stored pages the service worker last found current (outbox meta), or null. */
const checkedFor = (page: Page) =>
	page.evaluate(async () => {
		if (!(await indexedDB.databases()).some((db) => db.name === 'zhizhi')) return null;
		return new Promise<string | null>((resolve, reject) => {
			const open = indexedDB.open('zhizhi');
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const read = open.result.transaction('meta').objectStore('meta').get('pagesCheckedFor');
				read.onsuccess = () => {
					open.result.close();
					resolve((read.result as string | undefined) ?? null);
				};
			};
		});
	});

test('pages stored by an earlier version of the app are fetched again when the phone is online', async ({
	page,
	context
}) => {
	await page.goto('/courses/shop-accounts');
	await controlledByServiceWorker(page);
	// The worker checks this version's pages once, when the page starts: wait until it has noted that it did,
	// or it could note it after this test has made it forget (below), and skip the check that matters.
	await expect.poll(() => checkedFor(page), { timeout: 15_000 }).not.toBeNull();

	await context.setOffline(true);
	await page.evaluate(async () => {
		const html = (body: string) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
		const saved = await caches.open('course:shop-accounts');
		// Stored by an older version: it names a script this version does not have.
		await saved.put(
			new URL('/courses/shop-accounts/profit', location.href).href,
			html('<link rel="modulepreload" href="../../_app/immutable/entry/start.OLDVERSION.js"><p>旧版本存的页面</p>')
		);
		// Stored by an older version for a learner who has since signed out: the exam now sends to the sign-in
		// page, which must not be stored in its place.
		await saved.put(
			new URL('/courses/shop-accounts/exam', location.href).href,
			html('<link rel="modulepreload" href="../../_app/immutable/entry/start.OLDVERSION.js"><p>旧的考试页</p>')
		);
		// Stored by this version: left as it is.
		const current = document.documentElement.outerHTML + '<!-- kept -->';
		await saved.put(new URL('/courses/shop-accounts', location.href).href, html(current));
		// Forget that this version's check was done, as after an update.
		await new Promise<void>((resolve, reject) => {
			const open = indexedDB.open('zhizhi');
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const tx = open.result.transaction('meta', 'readwrite');
				tx.objectStore('meta').delete('pagesCheckedFor');
				tx.oncomplete = () => {
					open.result.close();
					resolve();
				};
			};
		});
	});

	// Back online, the page asks the worker to check, and it fetches the old copy again.
	await context.setOffline(false);
	await expect
		.poll(() => stored(page, 'course:shop-accounts', '/courses/shop-accounts/profit'), { timeout: 15_000 })
		.toContain('算一算赚了多少');
	const fresh = (await stored(page, 'course:shop-accounts', '/courses/shop-accounts/profit'))!;
	expect(fresh).not.toContain('OLDVERSION');
	expect(await stored(page, 'course:shop-accounts', '/courses/shop-accounts')).toContain('<!-- kept -->');
	expect(await stored(page, 'course:shop-accounts', '/courses/shop-accounts/exam')).toContain('旧的考试页');
	// Every page that could be fetched is current again, and the worker has noted it.
	await expect.poll(() => checkedFor(page)).not.toBeNull();
});
