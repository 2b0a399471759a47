import { eq } from 'drizzle-orm';
import { hashPassword } from '../../auth/password.ts';
import { counties, households, townships, users, villages, type Role } from '../../db/schema.ts';
import type { Db } from '../../db/index.ts';
import { seededRandom } from '../seeded-random.ts';
import { first, one } from '../../db/dialect.ts';
import { writeTransaction } from '../../db/index.ts';
import { countyOfTownship } from '../../db/county.ts';

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

/** Seeds the demo county, its townships and villages, and 30 households, in one transaction. */
export async function seedDemo(db: Db): Promise<{ households: number }> {
	const next = seededRandom(20261129);
	let count = 0;
	await writeTransaction(async (tx) => {
		const county = await one(
			tx.insert(counties).values({ code: DEMO_COUNTY.code, name: DEMO_COUNTY.name }).returning()
		);
		for (const t of DEMO_COUNTY.townships) {
			const township = await one(
				tx.insert(townships).values({ countyId: county.id, code: t.code, name: t.name }).returning()
			);
			for (const v of t.villages) {
				const village = await one(
					tx.insert(villages).values({ townshipId: township.id, code: v.code, name: v.name }).returning()
				);
				for (let i = 1; i <= 6; i++) {
					const headName = SURNAMES[Math.floor(next() * SURNAMES.length)] + GIVEN[Math.floor(next() * GIVEN.length)];
					const code = `${v.code}${String(i).padStart(3, '0')}`;
					const household = await one(
						tx.insert(households).values({ villageId: village.id, code, headName, countyId: county.id }).returning()
					);
					// Each head of household is enrolled as a learner who has not been given a sign-in code yet.
					await tx.insert(users).values({
						role: 'learner',
						name: headName,
						username: String(20_000_001 + count),
						householdId: household.id,
						townshipId: township.id,
						countyId: county.id,
						mustChangePassword: true
					});
					count++;
				}
			}
		}
	}, db);
	return { households: count };
}

/** The demo accounts, one per role (README "Demo accounts"); only ever seeded into the demo database. */
export const DEMO_ACCOUNTS: {
	role: Role;
	username: string;
	password: string;
	name: string;
	township?: string;
	household?: string;
}[] = [
	{ role: 'admin', username: 'admin', password: 'admin-demo-2026', name: '县管理员（演示）' },
	{ role: 'trainer', username: 'trainer', password: 'trainer-demo-2026', name: '黄老师（演示）' },
	{
		role: 'staff',
		username: 'staff-jinhe',
		password: 'staff-demo-2026',
		name: '金河镇干部（演示）',
		township: '532530101'
	},
	{
		role: 'staff',
		username: 'staff-tongchang',
		password: 'staff-demo-2026',
		name: '铜厂乡干部（演示）',
		township: '532530102'
	},
	{ role: 'learner', username: '13800000001', password: '123456', name: '李秀英', household: '532530101201001' },
	{ role: 'learner', username: '13800000002', password: '123456', name: '王国华', household: '532530102201001' },
	{ role: 'learner', username: '13800000003', password: '123456', name: '罗金凤', household: '532530102202001' },
	// With a learning history (seeded by demo-learner.ts): goal, calendar, milestones, a certificate, a star.
	{ role: 'learner', username: '13800000004', password: '123456', name: '马兰芬', household: '532530102201002' }
];

/** Adds the demo accounts to a database seeded with seedDemo. */
export async function seedDemoAccounts(db: Db): Promise<number> {
	const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
	await writeTransaction(async (tx) => {
		for (const [i, account] of DEMO_ACCOUNTS.entries()) {
			let townshipId: number | null = null;
			let householdId: number | null = null;
			if (account.township) {
				townshipId = (await first(tx.select().from(townships).where(eq(townships.code, account.township))))!.id;
			}
			if (account.household) {
				const row = (await first(
					tx
						.select({ id: households.id, townshipId: villages.townshipId })
						.from(households)
						.innerJoin(villages, eq(households.villageId, villages.id))
						.where(eq(households.code, account.household))
				))!;
				householdId = row.id;
				townshipId = row.townshipId;
			}
			await tx.insert(users).values({
				role: account.role,
				name: account.name,
				username: account.username,
				phone: account.role === 'learner' ? account.username : null,
				householdId,
				townshipId,
				countyId: countyOfTownship(townshipId),
				passwordHash: hashes[i]
			});
		}
	}, db);
	return DEMO_ACCOUNTS.length;
}
