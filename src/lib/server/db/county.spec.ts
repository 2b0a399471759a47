// Every learner-owned row carries its owner's county (issue 17): the app's own flows (registration, roster import,
// staff adding households and learners, a learner's lessons, practice, exam, certificate, goal, ratings, interest,
// follow-up, the demo's history) run in two counties, and then every table of the schema with a `county_id` is
// checked row by row against the owner's township's county. The check walks the schema, so a table that gains the
// column is checked without being named here, and a table of a person's rows without the column fails.
import { readdirSync, readFileSync } from 'node:fs';
import { countyBackfill, countyBackfillStatements } from '../tooling/county-backfill.ts';
import { join } from 'node:path';
import { eq, is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as schema from './schema.sqlite.ts';
import { counties, households, users } from './schema.ts';
import { rawRows, rawRun, first, one } from './dialect.ts';
import { writeTransaction } from './index.ts';
import { createWorkerAccount } from '../admin/accounts.ts';
import { createTownship, createVillage } from '../admin/regions.ts';
import { getCourse } from '../content/index.ts';
import { createEnrolmentCode } from '../enrolment/codes.ts';
import { addHousehold } from '../enrolment/households.ts';
import { addLearner } from '../enrolment/learners.ts';
import { registerWithCode } from '../enrolment/registration.ts';
import { applyRoster } from '../enrolment/roster-apply.ts';
import { parseRosterFile } from '../enrolment/roster-parse.ts';
import { validateRoster } from '../enrolment/roster-validate.ts';
import { fixture } from '../enrolment/test-helpers.ts';
import { addFollowUpNote } from '../followup/notes.ts';
import { rebuildLearnerCourses } from '../learning/summary.ts';
import { createOpportunity } from '../opportunities/posts.ts';
import { applyEvents } from '../sync/apply.ts';
import { setShowAsStar } from '../village/stars.ts';
import { seedBenchCounty } from '../tooling/bench/bench-seed.ts';
import { seedDemoActivity } from '../tooling/seed/demo-activity.ts';
import { seedDemoLearner } from '../tooling/seed/demo-learner.ts';
import { seedDemoOpportunities } from '../tooling/seed/opportunities.ts';
import { seedVillageDemo } from '../tooling/seed/village-demo.ts';
import { rightOptions, takeExam } from '../tooling/seed/ticketed-attempt.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { chinaIsoDay } from '../../dates.ts';

const ORIGIN = 'https://learn.example.cn';
const HOUR = 3_600_000;

/** Tables with a person's id that are not a learner's rows, and why they carry no county. */
const NOT_LEARNER_OWNED: Record<string, string> = {
	sessions:
		'looked up by the token alone on every request, before anyone knows whose it is; short-lived; every role has them'
};

/** The columns that name whose a row is. */
const OWNER_COLUMNS = ['user_id', 'learner_id'];

const tables = Object.values(schema as Record<string, unknown>)
	.filter((t): t is SQLiteTable => is(t, SQLiteTable))
	.map((t) => getTableConfig(t))
	.map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
// A township's county_id is where it lies, not a copy of anyone's: the regions are what the copies are checked against.
const countyTables = tables.filter((t) => t.columns.includes('county_id') && t.name !== 'townships');

/**
 * The county a row of `table` (alias `t`) should carry, worked out from the regions, never from another county_id:
 * a person's is their township's; a household's, its village's township's; any other row's, its owner's township's.
 * Null when the schema does not say whose the rows are.
 */
function expectedCounty(table: { name: string; columns: string[] }): string | null {
	if (table.name === 'users') return `(select county_id from townships where townships.id = t.township_id)`;
	if (table.name === 'households')
		return `(select townships.county_id from villages join townships on townships.id = villages.township_id where villages.id = t.village_id)`;
	const owner = OWNER_COLUMNS.find((c) => table.columns.includes(c));
	if (!owner) return null;
	return `(select townships.county_id from users join townships on townships.id = users.township_id where users.id = t.${owner})`;
}

/** Per table with a county: its rows, the rows whose county is not their owner's, and the rows of each county. */
async function countyAudit() {
	const audit: Record<string, { rows: number; wrong: number; byCounty: Record<string, number> }> = {};
	for (const table of countyTables) {
		const expected = expectedCounty(table);
		if (!expected) throw new Error(`${table.name} has county_id, but nothing here says whose its rows are`);
		const [{ rows, wrong }] = await rawRows<{ rows: number | string; wrong: number | string }>(
			env.db,
			sql.raw(
				`select count(*) as rows, sum(case when t.county_id is distinct from ${expected} then 1 else 0 end) as wrong from ${table.name} t`
			)
		);
		const byCounty = await rawRows<{ county: number | null; n: number | string }>(
			env.db,
			sql.raw(`select county_id as county, count(*) as n from ${table.name} group by county_id`)
		);
		audit[table.name] = {
			rows: Number(rows),
			wrong: Number(wrong ?? 0),
			byCounty: Object.fromEntries(byCounty.map((r) => [String(r.county), Number(r.n)]))
		};
	}
	return audit;
}

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
beforeEach(async () => {
	env = await useDemoDatabase();
});
afterEach(() => env.cleanup());

/** A second county with a township, a village and a staff member, made the way an admin makes them. */
async function secondCounty(adminId: number) {
	const county = await one(env.db.insert(counties).values({ code: '532531', name: '乙县' }).returning());
	const township = await createTownship(adminId, { countyId: county.id, code: '532531101', name: '乙镇' });
	if (!township.ok) throw new Error('township');
	const village = await createVillage(adminId, { townshipId: township.id, code: '532531101201', name: '乙村' });
	if (!village.ok) throw new Error('village');
	const staff = await createWorkerAccount(adminId, {
		role: 'staff',
		name: '乙镇干部',
		username: 'staff-yi',
		townshipId: township.id,
		password: 'yi-staff-password-2026'
	});
	if (!staff.ok) throw new Error('staff');
	return { countyId: county.id, townshipId: township.id, villageId: village.id, staffId: staff.id };
}

const userId = async (username: string) =>
	(await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, username))))!.id;

/** A roster file of one row per [village, household code, head, name, phone], as staff upload it. */
const roster = (rows: string[][]) =>
	new TextEncoder().encode(['村,户编号,户主,姓名,手机号,身份证号', ...rows.map((r) => r.join(','))].join('\n'));

let eventNo = 0;
const eventId = () => `c0000000-0000-4000-8000-${(++eventNo).toString(16).padStart(12, '0')}`;

/** Everything a learner does, through the sync path a phone uses: lessons, practice, feedback, goal, exam. */
async function learnEverything(learnerId: number, now: Date) {
	const course = (await getCourse('raising-chickens'))!;
	const at = (minutes: number) => new Date(now.getTime() - HOUR + minutes * 60_000).toISOString();
	const base = { userId: learnerId, courseSlug: course.slug, contentVersion: course.version };
	const lessons = course.lessons.map((l, i) => ({
		...base,
		id: eventId(),
		kind: 'lesson_completed',
		lessonSlug: l.slug,
		clientAt: at(i)
	}));
	const first = course.lessons[0].slug;
	const applied = await applyEvents(
		{ id: learnerId },
		[
			...lessons,
			{
				...base,
				id: eventId(),
				kind: 'practice_answer',
				lessonSlug: first,
				clientAt: at(1),
				payload: { questionId: 'q1', chosen: ['a'], correct: true }
			},
			{ ...base, id: eventId(), kind: 'rating', lessonSlug: null, clientAt: at(2), payload: { face: 'useful' } },
			{ ...base, id: eventId(), kind: 'not_understood', lessonSlug: first, clientAt: at(3) },
			{ id: eventId(), userId: learnerId, kind: 'goal_set', clientAt: at(4), payload: { lessonsPerWeek: 3 } }
		],
		ORIGIN,
		now
	);
	expect(applied.outcomes.map((o) => o.status)).not.toContain('rejected');
	const exam = (await takeExam(learnerId, course.slug, rightOptions, now))!;
	const passed = await applyEvents(
		{ id: learnerId },
		[{ id: eventId(), clientAt: at(50), ...exam.event }],
		ORIGIN,
		now
	);
	expect(passed.certificates).toHaveLength(1);
}

/** Everything else a learner's rows come from: interest in an opportunity of the township, a star, a staff call. */
async function everyFlow(learnerId: number, staff: { id: number; townshipId: number }, now: Date) {
	await learnEverything(learnerId, now);
	const opportunityId = await createOpportunity(
		{ id: staff.id, role: 'staff', townshipId: staff.townshipId },
		{
			kind: 'job',
			title: '养鸡场招工',
			description: '喂鸡',
			place: '村里',
			startsOn: chinaIsoDay(now),
			endsOn: null,
			expiresOn: chinaIsoDay(new Date(now.getTime() + 30 * 24 * HOUR)),
			contactName: '吴甲',
			contactPhone: '13900000009',
			townshipId: staff.townshipId,
			courses: []
		}
	);
	const interest = await applyEvents(
		{ id: learnerId },
		[
			{
				id: eventId(),
				userId: learnerId,
				kind: 'interest',
				clientAt: now.toISOString(),
				payload: { opportunityId, interested: true }
			}
		],
		ORIGIN,
		now
	);
	expect(interest.outcomes[0].status).toBe('applied');
	await setShowAsStar(learnerId, true, now);
	expect(
		await addFollowUpNote(staff, learnerId, { note: '打电话问了', contactedOn: chinaIsoDay(now) }, now)
	).toMatchObject({ ok: true });
}

/** The app's own flows in the demo county and a second one; returns the second. */
async function runFlows(now: Date) {
	const adminId = await userId('admin');
	const trainerId = await userId('trainer');
	const yi = await secondCounty(adminId);

	// The demo county's history: hundreds of learners' events, exams, certificates, goals, ratings, interest,
	// stars and follow-up notes, written by the app's sync and forms.
	await seedDemoOpportunities(env.db, now);
	await seedDemoActivity(ORIGIN, now);
	await seedVillageDemo(ORIGIN, now);
	await seedDemoLearner(ORIGIN, now);
	// A roster imported by a staff member of the demo county; one of its learners does everything.
	const jinhe = {
		id: await userId('staff-jinhe'),
		townshipId: (await first(
			env.db.select({ id: users.townshipId }).from(users).where(eq(users.username, 'staff-jinhe'))
		))!.id!
	};
	const jinheRoster = await validateRoster(await parseRosterFile(fixture('good-utf8.csv'), 'r.csv'), jinhe.townshipId);
	await applyRoster(jinheRoster, { actorId: jinhe.id, townshipId: jinhe.townshipId });
	await everyFlow(await userId('13812340001'), jinhe, now);

	// The second county: a learner who registers with a code (a new household), one a staff member adds to a
	// household she adds, one from a roster; the first does everything.
	const { code } = (await createEnrolmentCode(
		{ id: yi.staffId, townshipId: yi.townshipId },
		{ villageId: yi.villageId, days: 7, maxUses: 5 }
	))!;
	const registered = await registerWithCode({
		code,
		name: '周乙',
		householdCode: '',
		householdHead: '周乙',
		phone: '13900000001',
		passwordHash: 'hash'
	});
	if (!registered.ok) throw new Error('registration');
	const household = await addHousehold(yi.staffId, yi.townshipId, {
		villageId: yi.villageId,
		code: '532531101201001',
		headName: '吴甲'
	});
	if (!household.ok) throw new Error('household');
	expect(
		await addLearner(yi.staffId, yi.townshipId, { householdId: household.householdId, name: '吴乙', phone: '' })
	).toMatchObject({ ok: true });
	const yiRoster = await validateRoster(
		await parseRosterFile(roster([['乙村', '532531101201002', '郑丙', '郑丙', '13900000002']]), 'yi.csv'),
		yi.townshipId
	);
	expect(yiRoster.problems).toEqual([]);
	await applyRoster(yiRoster, { actorId: yi.staffId, townshipId: yi.townshipId });
	await everyFlow(registered.userId, { id: yi.staffId, townshipId: yi.townshipId }, now);

	// A trainer (no township: no county) and the second county's staff member try a lesson.
	const course = (await getCourse('phone-safety'))!;
	for (const person of [trainerId, yi.staffId])
		await applyEvents(
			{ id: person },
			[
				{
					id: eventId(),
					userId: person,
					kind: 'lesson_completed',
					courseSlug: course.slug,
					lessonSlug: course.lessons[0].slug,
					contentVersion: course.version,
					clientAt: now.toISOString()
				}
			],
			ORIGIN,
			now
		);
	return yi;
}

describe('county_id on every learner-owned row', () => {
	it('is the owner’s township’s county in every table that has it, after the app’s own flows in two counties', async () => {
		const yi = await runFlows(new Date());
		const audit = await countyAudit();
		// Every table with the column was written by these flows, in both counties, and no row is off.
		for (const [table, { rows, wrong, byCounty }] of Object.entries(audit)) {
			expect({ table, wrong }).toEqual({ table, wrong: 0 });
			expect({ table, rows: rows > 0 }).toEqual({ table, rows: true });
			expect({ table, yi: (byCounty[String(yi.countyId)] ?? 0) > 0 }).toEqual({ table, yi: true });
			const demo = Object.keys(byCounty).filter((c) => c !== 'null' && c !== String(yi.countyId));
			expect({ table, demo: demo.length }).toEqual({ table, demo: 1 });
		}
		// Rows of people without a county (the trainer, the admin) stay null.
		expect(audit.users.byCounty.null).toBe(2);
		expect(audit.learning_events.byCounty.null).toBe(1);
		expect(audit.learner_courses.byCounty.null).toBe(1);

		// The summary made again from the rows keeps them.
		await writeTransaction((tx) => rebuildLearnerCourses(tx), env.db);
		expect((await countyAudit()).learner_courses).toEqual(audit.learner_courses);
	}, 180_000);

	it('is given to the rows written before it by the migration’s backfill, as the app gives it', async () => {
		await runFlows(new Date());
		const written = await countyAudit();
		// The rows as they stood before the migration: no county anywhere. Then the migration's own UPDATEs.
		for (const table of countyTables) await rawRun(env.db, sql.raw(`update ${table.name} set county_id = null`));
		expect(countyBackfillStatements(env.db)).toHaveLength(countyTables.length);
		await countyBackfill(env.db);
		expect(await countyAudit()).toEqual(written);
	}, 180_000);

	it('is written by the bench seed as the app writes it, in a province of several counties', async () => {
		await seedBenchCounty(env.db, {
			counties: 2,
			townships: 4,
			villagesPerTownship: 2,
			households: 40,
			learners: 120,
			now: new Date('2026-06-15T04:00:00Z'),
			seed: 3
		});
		const audit = await countyAudit();
		for (const [table, { wrong }] of Object.entries(audit)) expect({ table, wrong }).toEqual({ table, wrong: 0 });
		// Both bench counties' rows, in the tables the bench seed writes.
		for (const table of ['users', 'households', 'learning_events', 'exam_attempts', 'certificates', 'learner_courses'])
			expect(Object.keys(audit[table].byCounty).filter((c) => c !== 'null').length).toBeGreaterThanOrEqual(2);
	});

	it('is on every table that holds a person’s rows, unless the table says why not', () => {
		const owned = tables.filter((t) => OWNER_COLUMNS.some((c) => t.columns.includes(c))).map((t) => t.name);
		const without = owned.filter((name) => !countyTables.some((t) => t.name === name));
		expect(without.sort()).toEqual(Object.keys(NOT_LEARNER_OWNED).sort());
		// And every table with the column says whose its rows are.
		expect(countyTables.filter((t) => !expectedCounty(t)).map((t) => t.name)).toEqual([]);
	});
});

describe('a learner never changes county', () => {
	it('refuses every way in to another county’s township: roster, registration, a staff member adding', async () => {
		const yi = await secondCounty(await userId('admin'));
		const demoHousehold = (await first(
			env.db.select().from(households).where(eq(households.code, '532530101201001'))
		))!;
		// A roster of the second county naming a demo-county household, or a demo-county learner's phone.
		const preview = await validateRoster(
			await parseRosterFile(
				roster([
					['乙村', '532530101201001', '', '李四', ''],
					['乙村', '532531101201009', '王五', '王五', '13800000001']
				]),
				'yi.csv'
			),
			yi.townshipId
		);
		expect(preview.problems.map((p) => p.code)).toEqual(['roster_duplicate_household', 'roster_duplicate_phone']);
		// Registering with the second county's code into a demo-county household.
		const { code } = (await createEnrolmentCode(
			{ id: yi.staffId, townshipId: yi.townshipId },
			{ villageId: yi.villageId, days: 7, maxUses: 5 }
		))!;
		expect(
			await registerWithCode({
				code,
				name: '李四',
				householdCode: demoHousehold.code,
				householdHead: '',
				phone: '',
				passwordHash: 'hash'
			})
		).toMatchObject({ ok: false });
		// The second county's staff adding someone to a demo-county household.
		expect(
			await addLearner(yi.staffId, yi.townshipId, { householdId: demoHousehold.id, name: '李四', phone: '' })
		).toEqual({ ok: false, errors: { householdId: 'enrol_household_not_found' } });
	});

	it('has no code that changes a person’s township or household, a household’s village or a place’s parent', () => {
		// Were one added, the person's rows would have to follow into the new county in the same transaction.
		const moves = {
			users: ['townshipId', 'householdId', 'countyId'],
			households: ['villageId', 'countyId'],
			villages: ['townshipId'],
			townships: ['countyId']
		};
		const found: string[] = [];
		for (const root of ['src/lib/server', 'src/routes'])
			for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
				if (!/\.ts$/.test(name) || name.endsWith('.spec.ts')) continue;
				const text = readFileSync(join(root, name), 'utf8');
				for (const m of text.matchAll(/\.update\((\w+)\)[\s\S]{0,300}?\.set\(([\s\S]*?)\)\s*[.;]/g)) {
					const keys = moves[m[1] as keyof typeof moves] ?? [];
					if (keys.some((k) => new RegExp(`\\b${k}\\b`).test(m[2]))) found.push(`${root}/${name}: ${m[0]}`);
				}
				for (const m of text.matchAll(/update\s+(users|households|villages|townships)\s+set[^`;]*/gi))
					if (/\b(township_id|household_id|village_id|county_id)\s*=/.test(m[0]))
						found.push(`${root}/${name}: ${m[0]}`);
			}
		expect(found).toEqual([]);
	});
});
