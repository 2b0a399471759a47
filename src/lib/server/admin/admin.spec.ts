import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, counties, townships, users } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { seedDemo } from '../tooling/seed/seed.ts';
import { signIn } from '../auth/sign-in.ts';
import { validateSessionToken } from '../auth/session.ts';
import { createWorkerAccount, resetWorkerPassword, setWorkerDisabled } from './accounts.ts';
import { createTownship, createVillage, listTownshipsWithVillages } from './regions.ts';
import { first } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	env = await useFreshDatabase();
	await seedDemo(env.db);
});
afterEach(() => env.cleanup());

describe('admin: regions', () => {
	it('adds a township and a village, refusing taken codes, and audits both', async () => {
		const county = (await first(env.db.select().from(counties).limit(1)))!;
		const township = await createTownship(1, { countyId: county.id, code: '532530103', name: '沙依坡乡' });
		expect(township.ok).toBe(true);
		if (!township.ok) return;
		expect((await createVillage(1, { townshipId: township.id, code: '532530103201', name: '坡头村' })).ok).toBe(true);
		expect(await createVillage(1, { townshipId: township.id, code: '532530103201', name: '又一村' })).toMatchObject({
			ok: false,
			field: 'code'
		});
		expect(await createTownship(1, { countyId: county.id, code: '532530101', name: '重名' })).toMatchObject({
			ok: false
		});
		const listed = (await listTownshipsWithVillages()).find((t) => t.code === '532530103')!;
		expect(listed.villages.map((v) => v.name)).toEqual(['坡头村']);
		expect((await env.db.select().from(auditLog)).map((a) => a.action)).toEqual([
			'township_created',
			'village_created'
		]);
	});
});

describe('admin: names', () => {
	it('stores township, village and account names in their usual form and refuses hidden characters', async () => {
		const county = (await first(env.db.select().from(counties).limit(1)))!;
		const bad = { ok: false, field: 'name', error: 'error_name_characters' };
		expect(await createTownship(1, { countyId: county.id, code: '532530109', name: '沙依坡\u202E乡' })).toEqual(bad);
		expect(await createVillage(1, { townshipId: 1, code: '532530101299', name: '坡头\u200B村' })).toEqual(bad);
		expect(
			await createWorkerAccount(null, { role: 'trainer', name: '黄\u0008老师', username: 'h2', townshipId: null })
		).toEqual(bad);
		expect(await first(env.db.select().from(users).where(eq(users.username, 'h2')))).toBeUndefined();

		const township = await createTownship(1, { countyId: county.id, code: '532530109', name: '沙依坡乡（新）' });
		expect(
			township.ok && (await first(env.db.select().from(townships).where(eq(townships.id, township.id))))?.name
		).toBe('沙依坡乡(新)');
	});
});

describe('admin: worker accounts', () => {
	it('needs a township for staff, and gives a temporary password that must be changed', async () => {
		expect(
			await createWorkerAccount(null, { role: 'staff', name: '张文', username: 'zw', townshipId: null })
		).toMatchObject({
			ok: false,
			field: 'townshipId'
		});
		const created = await createWorkerAccount(null, {
			role: 'trainer',
			name: '黄老师',
			username: 'huang',
			townshipId: 1
		});
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		expect(created.temporaryPassword).toMatch(/^[a-z2-9]{12}$/);
		const row = (await first(env.db.select().from(users).where(eq(users.id, created.id))))!;
		expect(row).toMatchObject({ role: 'trainer', townshipId: null, mustChangePassword: true });
		const session = await signIn('huang', created.temporaryPassword!, '10.0.0.1', null);
		expect(session).toMatchObject({ ok: true, mustChangePassword: true });
	});

	it('reset and disable sign the person out everywhere; an admin cannot disable themself', async () => {
		const admin = await createWorkerAccount(null, {
			role: 'admin',
			name: '管理员',
			username: 'boss',
			townshipId: null,
			password: 'boss-password-1'
		});
		const staff = await createWorkerAccount(null, {
			role: 'staff',
			name: '张文',
			username: 'zw',
			townshipId: 1,
			password: 'zw-password-12'
		});
		if (!admin.ok || !staff.ok) throw new Error('setup');
		const first = await signIn('zw', 'zw-password-12', '10.0.0.2', null);
		if (!first.ok) throw new Error('sign-in');
		const temp = await resetWorkerPassword(admin.id, staff.id);
		expect(temp).toMatch(/^[a-z2-9]{12}$/);
		expect((await validateSessionToken(first.token)).session).toBeNull();
		expect((await signIn('zw', 'zw-password-12', '10.0.0.3', null)).ok).toBe(false);

		const second = await signIn('zw', temp!, '10.0.0.4', null);
		if (!second.ok) throw new Error('sign-in');
		expect(await setWorkerDisabled(admin.id, staff.id, true)).toBe(true);
		expect((await validateSessionToken(second.token)).session).toBeNull();
		expect(await setWorkerDisabled(admin.id, admin.id, true)).toBe(false);
		expect(await resetWorkerPassword(admin.id, 99_999)).toBeNull();
	});
});
