import { expect, test } from '@playwright/test';
import { apiAs } from '../helpers';

// Numbers in URLs are read as whole ids and bounded page numbers: `?page=1e308` made an OFFSET of Infinity,
// which SQLite refuses, so the learner list answered 500. Only reads here: the demo accounts are not changed.

test('staff pages answer odd page numbers and ids with a page or a 404, never a server error', async () => {
	const staff = await apiAs('staffJinhe');
	const status = async (path: string) => [path, (await staff.get(path, { maxRedirects: 0 })).status()];
	for (const path of [
		'/staff?page=1e308',
		'/staff?page=99999999999999999999',
		'/staff?page=-3&village=abc',
		'/staff?village=1e308&page=1.5',
		'/staff/records/export?format=csv&village=-1'
	]) {
		expect(await status(path)).toEqual([path, 200]);
	}
	for (const path of [
		'/staff/learners/1e3',
		'/staff/learners/99999999999999999999',
		'/staff/learners/-1',
		'/staff/records/village/1e308',
		'/staff/records/village/0x1'
	]) {
		expect(await status(path)).toEqual([path, 404]);
	}
	await staff.dispose();
});

test('the admin records page takes any ?township= without a server error', async () => {
	const admin = await apiAs('admin');
	for (const township of ['1e308', '-1', 'abc', '99999999999999999999']) {
		expect((await admin.get(`/admin/records?township=${township}`)).status()).toBe(200);
		// The county picker's parameter (a province's database): an unknown county is the default one.
		expect((await admin.get(`/admin/records?county=${township}&township=${township}`)).status()).toBe(200);
		expect((await admin.get(`/admin/records/export?format=csv&county=${township}`)).status()).toBe(200);
	}
	await admin.dispose();
});
