import { counties, households, townships, villages } from './schema.ts';
import type { Db } from './index.ts';

/** The demo county: fixed names and codes so every demo database is the same. */
export const DEMO_COUNTY = {
	code: '532530',
	name: '金平县（演示）',
	townships: [
		{
			code: '532530101',
			name: '金河镇',
			villages: [
				{ code: '532530101201', name: '马鞍底村' },
				{ code: '532530101202', name: '勐拉村' },
				{ code: '532530101203', name: '老寨村' }
			]
		},
		{
			code: '532530102',
			name: '铜厂乡',
			villages: [
				{ code: '532530102201', name: '新安村' },
				{ code: '532530102202', name: '大坪村' }
			]
		}
	]
} as const;

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '罗', '马'];
const GIVEN = ['建国', '秀英', '明', '桂兰', '志强', '玉梅', '国华', '红霞', '德才', '春花', '永福', '金凤'];

/** A small deterministic generator (mulberry32), so the seed gives the same rows every time. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Seeds the demo county, its townships and villages, and 30 households, in one transaction. */
export function seedDemo(db: Db): { households: number } {
	const next = random(20261129);
	let count = 0;
	db.transaction((tx) => {
		const county = tx.insert(counties).values({ code: DEMO_COUNTY.code, name: DEMO_COUNTY.name }).returning().get();
		for (const t of DEMO_COUNTY.townships) {
			const township = tx
				.insert(townships)
				.values({ countyId: county.id, code: t.code, name: t.name })
				.returning()
				.get();
			for (const v of t.villages) {
				const village = tx
					.insert(villages)
					.values({ townshipId: township.id, code: v.code, name: v.name })
					.returning()
					.get();
				for (let i = 1; i <= 6; i++) {
					const headName = SURNAMES[Math.floor(next() * SURNAMES.length)] + GIVEN[Math.floor(next() * GIVEN.length)];
					tx.insert(households)
						.values({ villageId: village.id, code: `${v.code}${String(i).padStart(3, '0')}`, headName })
						.run();
					count++;
				}
			}
		}
	});
	return { households: count };
}
