import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import {
	blockDurationMs,
	checkSignIn,
	MAX_ACCOUNT_FAILURES,
	MAX_ADDRESS_FAILURES,
	recordFailure,
	recordSuccess,
	unlockAccount
} from './rate-limit.ts';

const keys = ['account-ip:learner1|192.0.2.1', 'ip:192.0.2.1'];
const account = ['account-ip:learner1|192.0.2.1'];
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
});
afterEach(() => fresh.cleanup());

/** The failures stored for a key (undefined once it is forgotten). */
const failuresOf = async (key: string) =>
	(await fresh.db.select().from(rateLimits)).find((r) => r.key === key)?.failures;

async function fail(times: number, when = t0) {
	for (let i = 0; i < times; i++) await recordFailure(keys, when);
}

describe('sign-in rate limit', () => {
	it('allows an account four failures, blocks it at the fifth for 30 seconds', async () => {
		await fail(4);
		expect(await checkSignIn(keys, t0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
		await fail(1);
		expect(await checkSignIn(keys, t0)).toEqual({ allowed: false, retryAfterSeconds: 30 });
		expect((await checkSignIn(keys, at(29))).allowed).toBe(false);
		expect((await checkSignIn(keys, at(30))).allowed).toBe(true);
	});

	it('blocks if any one of the keys is blocked', async () => {
		for (let i = 0; i < MAX_ADDRESS_FAILURES; i++) await recordFailure(['ip:192.0.2.1'], t0);
		expect((await checkSignIn(['account:someone-else', 'ip:192.0.2.1'], t0)).allowed).toBe(false);
		expect((await checkSignIn(['account:someone-else', 'ip:198.51.100.7'], t0)).allowed).toBe(true);
	});

	it('doubles the wait for each further failure, up to an hour', async () => {
		await fail(6);
		expect((await checkSignIn(keys, t0)).retryAfterSeconds).toBe(60);
		await fail(1);
		expect((await checkSignIn(keys, t0)).retryAfterSeconds).toBe(120);
		expect([5, 6, 7, 8, 11, 12, 50, 5000].map((n) => blockDurationMs(n) / 1000)).toEqual([
			30, 60, 120, 240, 1920, 3600, 3600, 3600
		]);
		await fail(20);
		expect((await checkSignIn(keys, t0)).retryAfterSeconds).toBe(3600);
	});

	it('lets one address (a village behind one carrier address) fail many times before blocking it', async () => {
		const address = ['ip:192.0.2.1'];
		for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) await recordFailure(address, at(i));
		expect((await checkSignIn(address, at(60))).allowed).toBe(true);
		await recordFailure(address, at(60));
		expect(await checkSignIn(address, at(60))).toEqual({ allowed: false, retryAfterSeconds: 30 });
		// The same count blocks an account much sooner.
		expect(MAX_ADDRESS_FAILURES).toBeGreaterThan(5 * 5);
	});

	it('gives the public pages keyed by address (registration, certificate lookups) the address limit', async () => {
		for (const address of [['register-ip:192.0.2.9'], ['verify-ip:192.0.2.9']]) {
			for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) await recordFailure(address, at(i));
			expect((await checkSignIn(address, at(60))).allowed, address[0]).toBe(true);
			await recordFailure(address, at(60));
			expect((await checkSignIn(address, at(60))).allowed, address[0]).toBe(false);
		}
	});

	it('forgets failures after a quiet spell: a day for an account, a quarter of an hour for an address', async () => {
		await fail(4);
		const dayLater = at(24 * 60 * 60);
		await recordFailure(account, at(24 * 60 * 60 - 1));
		// The fifth failure came within the day: blocked.
		expect((await checkSignIn(account, at(24 * 60 * 60 - 1))).allowed).toBe(false);
		await recordSuccess(account);
		await fail(4);
		await recordFailure(account, dayLater);
		expect(await checkSignIn(account, dayLater)).toEqual({ allowed: true, retryAfterSeconds: 0 });
		expect(await failuresOf(account[0])).toBe(1);

		const address = ['ip:198.51.100.7'];
		for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) await recordFailure(address, t0);
		await recordFailure(address, at(15 * 60));
		expect((await checkSignIn(address, at(15 * 60))).allowed).toBe(true);
	});

	it('does not forget while a key is blocked', async () => {
		await fail(12); // blocked for the full hour
		await recordFailure(account, at(60 * 60 - 1));
		expect(await failuresOf(account[0])).toBe(13);
	});

	it('is cleared by a success', async () => {
		await fail(7);
		await recordSuccess(keys);
		expect(await checkSignIn(keys, t0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
		expect(await fresh.db.select().from(rateLimits)).toHaveLength(0);
		// The count starts over: four more failures do not block.
		await fail(4);
		expect((await checkSignIn(keys, t0)).allowed).toBe(true);
	});

	it('is stored in the database, so a fresh module still sees it', async () => {
		await fail(5);
		const rows = await fresh.db.select().from(rateLimits);
		expect(rows.map((r) => [r.key, r.failures]).sort()).toEqual([
			['account-ip:learner1|192.0.2.1', 5],
			['ip:192.0.2.1', 5]
		]);
		// Close the database and reopen it under freshly loaded modules, as after a server restart.
		await closeDatabase(fresh.db);
		vi.resetModules();
		const reloadedDb = await import('../db/index.ts');
		await reloadedDb.setDb(fresh.reopen());
		try {
			const reloaded = await import('./rate-limit.ts');
			expect(await reloaded.checkSignIn(keys, t0)).toEqual({ allowed: false, retryAfterSeconds: 30 });
		} finally {
			await reloadedDb.closeDb();
		}
	});

	it('blocks one account from everywhere only after many more failures, for longer', async () => {
		const global = ['account:learner1'];
		for (let i = 0; i < MAX_ACCOUNT_FAILURES - 1; i++) await recordFailure(global, t0);
		expect((await checkSignIn(global, t0)).allowed).toBe(true);
		await recordFailure(global, t0);
		expect(await checkSignIn(global, t0)).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
	});

	it('is lifted for one account by unlockAccount, by each of its names, and no other', async () => {
		const others = ['account-ip:learner10|192.0.2.1', 'account:learner1_', 'account-ip:learner1_|192.0.2.1'];
		const mine = [
			'account:learner1',
			'account-ip:learner1|192.0.2.1',
			'account-ip:learner1|198.51.100.7',
			'account-ip:13800000009|192.0.2.1',
			'password:42'
		];
		for (let i = 0; i < 60; i++) await recordFailure([...mine, ...others], t0);
		await unlockAccount(['Learner1', '13800000009'], 42);
		for (const key of mine) expect((await checkSignIn([key], t0)).allowed, key).toBe(true);
		for (const key of others) expect((await checkSignIn([key], t0)).allowed, key).toBe(false);
		expect((await checkSignIn(['ip:192.0.2.1'], t0)).allowed).toBe(true);
	});
});
