import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rateLimits } from '../db/schema.ts';
import { useFreshDatabase } from '../db/test-db.ts';
import { blockDurationMs, checkSignIn, recordFailure, recordSuccess } from './rate-limit.ts';

const keys = ['account:learner1', 'ip:192.0.2.1'];
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

let fresh: ReturnType<typeof useFreshDatabase>;
beforeEach(() => {
	fresh = useFreshDatabase();
});
afterEach(() => fresh.cleanup());

function fail(times: number, when = t0) {
	for (let i = 0; i < times; i++) recordFailure(keys, when);
}

describe('sign-in rate limit', () => {
	it('allows four failures, blocks at the fifth for 30 seconds', () => {
		fail(4);
		expect(checkSignIn(keys, t0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
		fail(1);
		expect(checkSignIn(keys, t0)).toEqual({ allowed: false, retryAfterSeconds: 30 });
		expect(checkSignIn(keys, at(29)).allowed).toBe(false);
		expect(checkSignIn(keys, at(30)).allowed).toBe(true);
	});

	it('blocks if any one of the keys is blocked', () => {
		for (let i = 0; i < 5; i++) recordFailure(['ip:192.0.2.1'], t0);
		expect(checkSignIn(['account:someone-else', 'ip:192.0.2.1'], t0).allowed).toBe(false);
		expect(checkSignIn(['account:someone-else', 'ip:198.51.100.7'], t0).allowed).toBe(true);
	});

	it('doubles the wait for each further failure, up to an hour', () => {
		fail(6);
		expect(checkSignIn(keys, t0).retryAfterSeconds).toBe(60);
		fail(1);
		expect(checkSignIn(keys, t0).retryAfterSeconds).toBe(120);
		expect([5, 6, 7, 8, 11, 12, 50, 5000].map((n) => blockDurationMs(n) / 1000)).toEqual([
			30, 60, 120, 240, 1920, 3600, 3600, 3600
		]);
		fail(20);
		expect(checkSignIn(keys, t0).retryAfterSeconds).toBe(3600);
	});

	it('is cleared by a success', () => {
		fail(7);
		recordSuccess(keys);
		expect(checkSignIn(keys, t0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
		expect(fresh.db.select().from(rateLimits).all()).toHaveLength(0);
		// The count starts over: four more failures do not block.
		fail(4);
		expect(checkSignIn(keys, t0).allowed).toBe(true);
	});

	it('is stored in the database, so a fresh module still sees it', async () => {
		fail(5);
		const rows = fresh.db.select().from(rateLimits).all();
		expect(rows.map((r) => [r.key, r.failures]).sort()).toEqual([
			['account:learner1', 5],
			['ip:192.0.2.1', 5]
		]);
		// Close the file and reopen it under freshly loaded modules, as after a server restart.
		fresh.db.$client.close();
		vi.resetModules();
		const reloadedDb = await import('../db/index.ts');
		reloadedDb.setDb(reloadedDb.openDatabase(fresh.path));
		try {
			const reloaded = await import('./rate-limit.ts');
			expect(reloaded.checkSignIn(keys, t0)).toEqual({ allowed: false, retryAfterSeconds: 30 });
		} finally {
			reloadedDb.closeDb();
		}
	});
});
