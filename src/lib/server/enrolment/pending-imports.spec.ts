import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingRosterImports } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { keepPreview, takePreview } from './pending-imports.ts';
import { parseRosterFile } from './roster-parse.ts';
import { validateRoster } from './roster-validate.ts';
import { fixture, seedCounty } from './test-helpers.ts';
import { first } from '../db/dialect.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let county: Awaited<ReturnType<typeof seedCounty>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
	county = await seedCounty(fresh.db);
});
afterEach(() => fresh.cleanup());

const preview = async () =>
	validateRoster(await parseRosterFile(fixture('good-utf8.csv'), 'good-utf8.csv'), county.jinhe);

describe('a roster preview waiting for its confirmation', () => {
	it('comes back whole, once, to its author only', async () => {
		const p = await preview();
		const token = await keepPreview(county.staff, p);
		expect(await takePreview(county.otherStaff, token)).toBeNull();
		expect(await takePreview(county.staff, token)).toEqual(p);
		expect(await takePreview(county.staff, token)).toBeNull();
	});

	it('is stored sealed: no name or ID number readable, and no key in the database', async () => {
		const p = await preview();
		const token = await keepPreview(county.staff, p);
		const row = (await first(fresh.db.select().from(pendingRosterImports).limit(1)))!;
		const raw = row.sealed.toString('latin1') + row.sealed.toString('utf8');
		for (const r of p.rows) {
			expect(raw).not.toContain(r.name);
			if (r.idNumber) expect(raw).not.toContain(r.idNumber);
		}
		expect(raw).not.toContain(token.split('.')[1]);
		// A wrong key opens nothing.
		const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
		expect(await takePreview(county.staff, forged)).toBeNull();
	});

	it('expires after 30 minutes and is swept by the next preview', async () => {
		const p = await preview();
		const start = Date.now();
		const old = await keepPreview(county.staff, p, start);
		expect(await takePreview(county.staff, old, start + 31 * 60_000)).toBeNull();
		await keepPreview(county.staff, p, start);
		await keepPreview(county.otherStaff, p, start + 31 * 60_000);
		expect((await fresh.db.select().from(pendingRosterImports)).map((r) => r.actorId)).toEqual([county.otherStaff]);
	});
});
