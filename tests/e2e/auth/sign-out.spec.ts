import { expect, test, type Page } from '@playwright/test';
import { newAccount, newLearner, query, signIn } from '../helpers';
import { controlledByServiceWorker, keptAddresses } from '../offline/phone';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// A staff member works on a family's phone and signs out: nothing of the learners they looked at may be read on
// that phone afterwards, offline or through the Back button.

test('after a staff member signs out, no staff page can be read offline or by Back', async ({ page, context }) => {
	test.slow();
	// A learner of the test's own in the staff member's township (the first one with a phone could be another
	// test's, being changed while this one reads it). Their sign-in name is their phone number.
	const { id, name, username: phone } = newLearner({ township: '金河镇' });
	const learner = { id, name, phone };
	await signIn(page, newAccount('staff', '金河镇'));
	await controlledByServiceWorker(page);
	const staffPage = `/staff/learners/${learner.id}`;
	const answer = await page.goto(staffPage);
	expect(answer?.headers()['cache-control']).toBe('no-store');
	await expect(page.getByText(learner.phone).first()).toBeVisible();
	// The same page through the app's own navigation (its data, …/__data.json).
	await page.goto(`/staff?q=${learner.phone}`);
	await page.getByRole('link', { name: learner.name }).first().click();
	await expect(page).toHaveURL(new RegExp(`${staffPage}$`));
	await expect(page.getByText(learner.phone).first()).toBeVisible();
	expect((await keptAddresses(page)).filter(({ address }) => address.startsWith('/staff'))).toEqual([]);

	await page.goto('/me');
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login/);

	// Offline, Back goes through the pages seen before signing out: the phone has none of them.
	await context.setOffline(true);
	const offlinePage = page.getByRole('heading', { level: 1, name: '现在没有网络' });
	await page.goBack();
	await expect(page).toHaveURL(/\/me$/);
	await expect(offlinePage).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`${staffPage}$`));
	await expect(offlinePage).toBeVisible();
	await expect(page.getByText(learner.phone)).toHaveCount(0);
	await expect(page.getByText(learner.name)).toHaveCount(0);
	await page.goto('/staff');
	await expect(offlinePage).toBeVisible();
	expect(
		(await keptAddresses(page)).filter(({ address }) => /^\/(?:staff|me|admin|trainer)(?:\/|$)/.test(address))
	).toEqual([]);

	// Back online, the page is asked for again, and the server wants a sign-in.
	await context.setOffline(false);
	await page.goBack();
	await expect(page).toHaveURL(/\/login\?next=/);
	await expect(page.getByText(learner.phone)).toHaveCount(0);
});

// Without a network the session cannot end on the server, and its cookie is out of the page's reach: had the phone
// only forgotten her, the next page opened with a network would have been hers again, for whoever held the phone.
test('a learner signs out without a network: the phone forgets her at once, and the server as soon as it is back', async ({
	page,
	context
}) => {
	test.slow();
	const learner = newLearner();
	const sessions = () => query<{ n: number }>('select count(*) as n from sessions where user_id = ?', learner.id)[0].n;
	await signIn(page, learner);
	await page.goto('/me');
	await controlledByServiceWorker(page);
	await expect(page.getByText(`当前登录：${learner.name}`)).toBeVisible();
	expect(sessions()).toBe(1);

	await context.setOffline(true);
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	// The phone goes on as signed out: to the sign-in page, which offline is the offline page.
	await expect(page).toHaveURL(/\/login$/);
	await expect(page.getByRole('heading', { level: 1, name: '现在没有网络' })).toBeVisible();
	await expect(page.getByText(learner.name)).toHaveCount(0);
	expect(sessions()).toBe(1);

	// Back online, the first page sends the sign-out before it is asked for: it is nobody's.
	await context.setOffline(false);
	await page.goto('/me');
	await expect(page.getByText('你还没有登录。')).toBeVisible();
	await expect(page.getByText(learner.name)).toHaveCount(0);
	expect(sessions()).toBe(0);
	// And the page's own question, who is signed in, has the same answer.
	expect(await page.evaluate(async () => (await (await fetch('/api/me')).json()).user)).toBeNull();
});

test('a learner signs out: their exam ticket leaves the phone, the saved course keeps only shared pages, their unsent records stay', async ({
	page,
	context
}) => {
	test.slow();
	const learner = newLearner();
	await signIn(page, learner);
	await page.goto('/courses/phone-safety');
	await controlledByServiceWorker(page);
	await page.getByRole('button', { name: '存到手机，离线学习' }).click();
	await expect(page.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 30_000 });
	// The exam page is saved as a shell without the learner's ticket (the same for everyone); the ticket is kept
	// in the learner's own store.
	expect((await keptAddresses(page)).map(({ address }) => address)).toContain('/courses/phone-safety/exam');
	expect(await ticketsKept(page)).toBe(1);

	// A lesson done while the records cannot be sent (by the page or by the worker's Background Sync).
	await context.route('**/api/sync', (route) => route.abort('internetdisconnected'));
	await page.goto('/courses/phone-safety/personal-info');
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('1 条记录待同步')).toBeVisible();

	await page.goto('/me');
	page.once('dialog', (dialog) => dialog.accept());
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login/);
	// Nothing of theirs stays in the worker's caches (the exam shell has no ticket in it), and their ticket is gone.
	const examShell = await page.evaluate(async () => {
		const saved = await caches.open('course:phone-safety');
		return (await (await saved.match('/courses/phone-safety/exam'))?.text()) ?? '';
	});
	expect(examShell).not.toMatch(/[a-z0-9]{24}\.[A-Za-z0-9_-]{43}/);
	await expect.poll(() => ticketsKept(page)).toBe(0);
	const unsent = await page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('zhizhi');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const count = open.result.transaction('outbox').objectStore('outbox').count();
					count.onsuccess = () => {
						open.result.close();
						resolve(count.result);
					};
				};
			})
	);
	expect(unsent).toBe(1);
	expect(query(`select count(*) as n from learning_events where user_id = ?`, learner.id)).toEqual([{ n: 0 }]);
});

/** How many exam tickets the phone keeps (for anyone). */
function ticketsKept(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const open = indexedDB.open('zhizhi-exam-tickets');
				open.onerror = () => resolve(0);
				open.onsuccess = () => {
					if (!open.result.objectStoreNames.contains('tickets')) return resolve(0);
					const count = open.result.transaction('tickets').objectStore('tickets').count();
					count.onsuccess = () => {
						open.result.close();
						resolve(count.result);
					};
				};
			})
	);
}
