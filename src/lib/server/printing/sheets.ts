// What the printouts for township staff show: a village's roster with progress, the certificates of one month
// for a ceremony, a registration code for a poster (the needs-help list is the follow-up list itself, see
// followup/list.ts). Every function takes the townships it may read (one; a county's, for admins of a province's
// database; null: the whole database, for admins of a county's) and returns nothing outside them.
import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { certificates, enrolmentCodes, households, learnerCourses, townships, users, villages } from '../db/schema.ts';
import { chinaMonthStart } from '../records/dashboard.ts';
import { townshipIn, type RecordsScope } from '../records/scope.ts';
import { CHINA_OFFSET_MS } from '../../dates.ts';
import { first } from '../db/dialect.ts';

/** A village of the scope with its township's name, or null (another township's village is not found). */
export async function villageInScope(scope: RecordsScope, villageId: number) {
	return (
		(await first(
			db
				.select({ id: villages.id, name: villages.name, townshipId: villages.townshipId, township: townships.name })
				.from(villages)
				.innerJoin(townships, eq(townships.id, villages.townshipId))
				.where(and(eq(villages.id, villageId), townshipIn(villages.townshipId, scope)))
		)) ?? null
	);
}

export interface RosterCourse {
	slug: string;
	title: string;
	lessonCount: number;
}

export interface RosterLearner {
	userId: number;
	name: string;
	/** Lessons done per course slug (courses not started are missing). */
	lessons: Record<string, number>;
	/** Titles of the courses with a valid certificate. */
	certificates: string[];
}

export interface RosterHousehold {
	code: string;
	headName: string;
	learners: RosterLearner[];
}

/** Every household of the village with each learner's lessons done per course and certificates. */
export async function villageRoster(
	villageId: number
): Promise<{ courses: RosterCourse[]; households: RosterHousehold[] }> {
	const courses = (await listCourses()).map((c) => ({ slug: c.slug, title: c.title, lessonCount: c.lessonCount }));
	const rows = await db
		.select({
			householdId: households.id,
			code: households.code,
			headName: households.headName,
			userId: users.id,
			name: users.name
		})
		.from(households)
		.leftJoin(users, and(eq(users.householdId, households.id), eq(users.role, 'learner')))
		.where(eq(households.villageId, villageId))
		.orderBy(asc(households.code), asc(users.id));
	const userIds = rows.flatMap((r) => (r.userId === null ? [] : [r.userId]));
	const learners = new Map<number, RosterLearner>();
	const byHousehold = new Map<number, RosterHousehold>();
	for (const r of rows) {
		let household = byHousehold.get(r.householdId);
		if (!household) {
			household = { code: r.code, headName: r.headName, learners: [] };
			byHousehold.set(r.householdId, household);
		}
		if (r.userId === null) continue;
		const learner: RosterLearner = { userId: r.userId, name: r.name!, lessons: {}, certificates: [] };
		learners.set(r.userId, learner);
		household.learners.push(learner);
	}
	// A village has at most a few thousand learners: two reads by the learners' ids, in slices SQLite accepts.
	for (let i = 0; i < userIds.length; i += 500) {
		const slice = userIds.slice(i, i + 500);
		for (const p of await db
			.select({ userId: learnerCourses.userId, course: learnerCourses.courseSlug, done: learnerCourses.lessonsDone })
			.from(learnerCourses)
			.where(inArray(learnerCourses.userId, slice)))
			learners.get(p.userId)!.lessons[p.course] = p.done;
		for (const c of await db
			.select({ userId: certificates.userId, title: certificates.courseTitle })
			.from(certificates)
			.where(and(inArray(certificates.userId, slice), isNull(certificates.revokedAt)))
			.orderBy(asc(certificates.issuedAt)))
			learners.get(c.userId)!.certificates.push(c.title);
	}
	return { courses, households: [...byHousehold.values()] };
}

/** "YYYY-MM" as given, or null when it is not a month. */
export function parseMonth(value: string | null): string | null {
	if (!value || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return null;
	const year = Number(value.slice(0, 4));
	return year >= 2000 && year <= 2100 ? value : null;
}

/** The China-time month holding `now`, as "YYYY-MM". */
export function currentMonth(now = new Date()): string {
	return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

export interface CeremonyRow {
	name: string;
	village: string | null;
	course: string;
	number: string;
	issuedAt: Date;
}

/** Valid certificates issued in the China-time month "YYYY-MM" to learners of the scope, by village and name. */
export async function ceremonyList(scope: RecordsScope, month: string): Promise<CeremonyRow[]> {
	const [year, monthNumber] = month.split('-').map(Number);
	// chinaMonthStart counts back from a given instant: the 15th of the month, China time, is safely inside it.
	const inside = new Date(Date.UTC(year, monthNumber - 1, 15));
	const from = chinaMonthStart(inside);
	const to = chinaMonthStart(inside, -1);
	return await db
		.select({
			name: users.name,
			village: villages.name,
			course: certificates.courseTitle,
			number: certificates.number,
			issuedAt: certificates.issuedAt
		})
		.from(certificates)
		.innerJoin(users, eq(users.id, certificates.userId))
		.leftJoin(households, eq(households.id, users.householdId))
		.leftJoin(villages, eq(villages.id, households.villageId))
		.where(
			and(
				isNull(certificates.revokedAt),
				townshipIn(certificates.townshipId, scope),
				gte(certificates.issuedAt, from),
				lt(certificates.issuedAt, to)
			)
		)
		.orderBy(asc(villages.code), asc(users.name), asc(certificates.issuedAt));
}

/** A registration code of the scope for its poster, with its village and township; null elsewhere. */
export async function posterCode(scope: RecordsScope, codeId: number) {
	return (
		(await first(
			db
				.select({
					code: enrolmentCodes.code,
					expiresAt: enrolmentCodes.expiresAt,
					revokedAt: enrolmentCodes.revokedAt,
					village: villages.name,
					township: townships.name
				})
				.from(enrolmentCodes)
				.innerJoin(villages, eq(villages.id, enrolmentCodes.villageId))
				.innerJoin(townships, eq(townships.id, villages.townshipId))
				.where(and(eq(enrolmentCodes.id, codeId), townshipIn(villages.townshipId, scope)))
		)) ?? null
	);
}
