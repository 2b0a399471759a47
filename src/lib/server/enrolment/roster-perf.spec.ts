import { afterEach, beforeEach, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { idCheckCharacter } from './identity.ts';
import { applyRoster } from './roster-apply.ts';
import { parseRosterFile } from './roster-parse.ts';
import { validateRoster } from './roster-validate.ts';
import { rowCounts, seedCounty } from './test-helpers.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
});
afterEach(() => fresh.cleanup());

/** 10,000 learners in 2,500 new households across the three villages; half with phones, a third with IDs. */
function bigRoster(rows: number): Uint8Array {
	const villages = ['马鞍底村', '勐拉村', '老寨村'];
	const lines = ['村,户编号,户主,姓名,手机号,身份证号'];
	for (let i = 0; i < rows; i++) {
		const household = Math.floor(i / 4);
		const phone = i % 2 === 0 ? `137${String(i).padStart(8, '0')}` : '';
		// A different birth date per row keeps the IDs unique and valid.
		const birth = new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
		const id = i % 3 === 0 ? `532530${birth}001` : '';
		const idNumber = id ? id + idCheckCharacter(id) : '';
		lines.push(
			[
				villages[household % 3],
				`H${String(household).padStart(6, '0')}`,
				`户主${household}`,
				`学员${i}`,
				phone,
				idNumber
			].join(',')
		);
	}
	return new TextEncoder().encode(lines.join('\r\n'));
}

it('imports 10,000 rows (parse, validate, apply) in under 10 seconds', async () => {
	const { jinhe, staff } = await seedCounty(fresh.db);
	const bytes = bigRoster(10_000);
	const before = await rowCounts(fresh.db);
	const started = performance.now();
	const preview = await validateRoster(await parseRosterFile(bytes, 'big.csv'), jinhe);
	expect(preview.problems).toEqual([]);
	const result = await applyRoster(preview, { actorId: staff, townshipId: jinhe });
	const seconds = (performance.now() - started) / 1000;
	console.log(`roster import: 10,000 rows (${(bytes.length / 1024).toFixed(0)} KB) in ${seconds.toFixed(2)} s`);
	expect(result).toEqual({ households: 2_500, learners: 10_000 });
	expect((await rowCounts(fresh.db)).users - before.users).toBe(10_000);
	expect(seconds).toBeLessThan(10);
});
