import { expect, test, type Page } from '@playwright/test';
import { newLearner, signIn } from '../helpers';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// WeChat's built-in browser on Android, as it names itself.
const WECHAT =
	'Mozilla/5.0 (Linux; Android 10; V2001A Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
	'Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230504 MMWEBID/2514 ' +
	'MicroMessenger/8.0.37.2380(0x2800255B) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64';

test.use({ userAgent: WECHAT });

const guide = (page: Page) => page.getByRole('complementary', { name: '想没有网也能学？请用手机浏览器打开' });

/** Opens a course page and waits until its script has started (the save button exists only then). */
async function openStarted(page: Page) {
	await page.goto('/courses/phone-safety');
	await expect(page.getByRole('button', { name: '存到手机，离线学习' })).toBeVisible();
}

test('the WeChat guide shows until "知道了", then stays away on this phone: after a reload and for the next learner', async ({
	page,
	browser
}) => {
	const first = newLearner();
	const second = newLearner();
	await signIn(page, first);
	await openStarted(page);
	await expect(guide(page)).toBeVisible();
	await expect(guide(page)).toHaveCount(1);
	await guide(page).getByRole('button', { name: '知道了' }).click();
	await expect(guide(page)).toBeHidden();

	await page.reload();
	await openStarted(page);
	await expect(guide(page)).toBeHidden();

	// A device setting, not a person's: signing out and in as somebody else keeps it.
	await page.goto('/me');
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login/);
	await signIn(page, second);
	await openStarted(page);
	await expect(guide(page)).toBeHidden();

	// Another phone (a browser profile of its own) still gets the guide.
	const otherPhone = await browser.newContext({ userAgent: WECHAT, viewport: { width: 360, height: 640 } });
	const other = await otherPhone.newPage();
	await signIn(other, first);
	await openStarted(other);
	await expect(guide(other)).toBeVisible();
	await otherPhone.close();
});
