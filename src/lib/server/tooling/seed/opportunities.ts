import { and, eq, inArray } from 'drizzle-orm';
import { chinaIsoDay } from '../../../dates.ts';
import type { Db } from '../../db/index.ts';
import {
	households,
	opportunities,
	opportunityCourses,
	opportunityInterest,
	townships,
	users,
	villages,
	type OpportunityKind
} from '../../db/schema.ts';
import { first, one } from '../../db/dialect.ts';
import { writeTransaction } from '../../db/index.ts';
import { countyOfUser } from '../../db/county.ts';

// The demo's open opportunities: a few in each township and one for the whole county, some asking for a
// certificate, and some heads of household already interested, so staff pages have names to show. Days are
// counted from the day the seed runs, so the demo always has opportunities open.

type DemoOpportunity = {
	/** Township code; null for the whole county (posted by the county admin). */
	township: string | null;
	kind: OpportunityKind;
	title: string;
	description: string;
	place: string;
	/** Days from today: start, optional end, and the last day it is shown. */
	starts: number;
	ends?: number;
	expires: number;
	contactName: string;
	contactPhone: string;
	courses: string[];
	/** How many heads of household of the township (the first ones) said they are interested. */
	interested: number;
	/** Closed by staff: learners no longer see it (the access test uses it, as closing it again changes nothing). */
	closed?: true;
};

const DEMO_OPPORTUNITIES: DemoOpportunity[] = [
	{
		township: '532530101',
		kind: 'cooperative',
		title: '金河养鸡合作社招收养鸡户',
		description:
			'合作社统一提供鸡苗和饲料，技术员上门指导，出栏后按保底价收购。\n每户先养 200 只，鸡舍自己准备。要有《科学养鸡》证书。',
		place: '金河镇马鞍底村委会',
		starts: 7,
		expires: 30,
		contactName: '王社长',
		contactPhone: '13908730001',
		courses: ['raising-chickens'],
		interested: 3
	},
	{
		township: '532530101',
		kind: 'job',
		title: '县城超市招收银员',
		description: '万家福超市招收银员 2 名。会算账、会用手机收款。每月 2800 元，包午饭。',
		place: '县城 万家福超市',
		starts: 10,
		expires: 21,
		contactName: '李经理',
		contactPhone: '0873-7221234',
		courses: ['shop-accounts'],
		interested: 1
	},
	{
		township: '532530102',
		kind: 'training',
		title: '电商培训班（免费）',
		description: '教大家在手机上开网店、拍商品照片、发快递。一共 3 天，中午管饭。人人都可以报名。',
		place: '铜厂乡文化站',
		starts: 5,
		ends: 7,
		expires: 4,
		contactName: '赵老师',
		contactPhone: '13908730002',
		courses: [],
		interested: 2
	},
	{
		township: '532530102',
		kind: 'job',
		title: '茶厂招采茶工',
		description: '春茶季节招采茶工 20 名，按斤计价，多劳多得。要会用手机、懂防诈骗，工资发到手机上。',
		place: '铜厂乡大坪村茶厂',
		starts: 3,
		ends: 45,
		expires: 20,
		contactName: '周厂长',
		contactPhone: '13908730003',
		courses: ['phone-safety'],
		interested: 0
	},
	{
		// 扶贫（脱贫人口）小额信贷: 5 万元以下、3 年以内、免担保免抵押、基准利率放贷、财政贴息、县建风险补偿金
		// (国务院扶贫办等五部门《关于创新发展扶贫小额信贷的指导意见》, 国开办发〔2014〕78号; continued for the
		// transition period by 银保监发〔2021〕6号). Demo text only: a real post names the bank and its terms.
		township: null,
		kind: 'microcredit',
		title: '脱贫人口小额信贷',
		description:
			'有劳动能力、有发展项目的脱贫户可以申请。\n最多 5 万元，最长 3 年，不用担保、不用抵押，利息由财政补贴。\n带上身份证和户口本到乡信用社问。',
		place: '各乡镇农村信用社',
		starts: 0,
		expires: 60,
		contactName: '县农信社 张主任',
		contactPhone: '0873-7225678',
		courses: [],
		interested: 1
	},
	{
		township: '532530101',
		kind: 'training',
		title: '电商培训班（第一期，已结束）',
		description: '第一期已经办完。第二期开班时会再通知。',
		place: '金河镇文化站',
		starts: -20,
		ends: -18,
		expires: 10,
		contactName: '赵老师',
		contactPhone: '13908730002',
		courses: [],
		interested: 0,
		closed: true
	}
];

const addDays = (day: string, days: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Seeds the demo opportunities (after the demo accounts, who post them); returns how many. */
export async function seedDemoOpportunities(db: Db, now = new Date()): Promise<number> {
	const today = chinaIsoDay(now);
	const userId = async (username: string) =>
		(await first(db.select().from(users).where(eq(users.username, username))))!.id;
	const townshipId = async (code: string) =>
		(await first(db.select().from(townships).where(eq(townships.code, code))))!.id;
	const poster: Record<string, number> = {
		'532530101': await userId('staff-jinhe'),
		'532530102': await userId('staff-tongchang'),
		county: await userId('admin')
	};
	await writeTransaction(async (tx) => {
		for (const o of DEMO_OPPORTUNITIES) {
			const township = o.township ? await townshipId(o.township) : null;
			const { id } = await one(
				tx
					.insert(opportunities)
					.values({
						townshipId: township,
						kind: o.kind,
						title: o.title,
						description: o.description,
						place: o.place,
						startsOn: addDays(today, o.starts),
						endsOn: o.ends === undefined ? null : addDays(today, o.ends),
						expiresOn: addDays(today, Math.max(o.expires, o.starts)),
						contactName: o.contactName,
						contactPhone: o.contactPhone,
						createdBy: poster[o.township ?? 'county'],
						createdAt: now,
						closedAt: o.closed ? now : null,
						closedBy: o.closed ? poster[o.township ?? 'county'] : null
					})
					.returning({ id: opportunities.id })
			);
			if (o.courses.length) {
				await tx.insert(opportunityCourses).values(o.courses.map((courseSlug) => ({ opportunityId: id, courseSlug })));
			}
			if (o.interested === 0) continue;
			// Heads of household (accounts 20000001 on) of the township, or of the county for a county-wide post.
			const heads = await tx
				.select({ id: users.id })
				.from(users)
				.innerJoin(households, eq(users.householdId, households.id))
				.innerJoin(villages, eq(households.villageId, villages.id))
				.where(
					and(
						eq(users.role, 'learner'),
						township === null ? undefined : eq(villages.townshipId, township),
						inArray(
							users.username,
							Array.from({ length: 30 }, (_, i) => String(20000001 + i))
						)
					)
				)
				.orderBy(users.id)
				.limit(o.interested);
			for (const [i, head] of heads.entries()) {
				await tx.insert(opportunityInterest).values({
					opportunityId: id,
					userId: head.id,
					interested: true,
					eventId: `demo-${id}-${head.id}`,
					changedAt: new Date(now.getTime() - (i + 1) * 3_600_000),
					countyId: countyOfUser(head.id)
				});
			}
		}
	}, db);
	return DEMO_OPPORTUNITIES.length;
}
