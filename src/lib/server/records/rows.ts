// The Zhizhi project records: one row per learner and course the learner has started.
import { and, asc, count, eq, gte, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { listCourses, type Category, type CourseSummary } from '../content/index.ts';
import { db, openReader, type Db } from '../db/index.ts';
import { certificates, households, learnerCourses, townships, users, villages } from '../db/schema.ts';
import { recordStatus, type RecordStatus } from '../../learning/rules.ts';
import { parseId } from '../params.ts';
import { dbTime, first, laterTime } from '../db/dialect.ts';
import { townshipIn, type RecordsScope } from './scope.ts';

export type { RecordStatus };

/**
 * Which rows to return. `townshipId` is a township, a county's townships (a province's database) or null for the
 * whole database (admins only; the caller checks the role).
 * `from`/`to` select by the row's record date ({@link RecordRow.recordDate}): `from <= recordDate < to`.
 */
export interface RecordFilter {
	townshipId: RecordsScope;
	villageId?: number;
	courseSlug?: string;
	from?: Date;
	to?: Date;
	/** Only rows with a valid (not revoked) certificate. */
	certifiedOnly?: boolean;
}

export interface RecordRow {
	townshipId: number | null;
	township: string | null;
	villageId: number | null;
	village: string | null;
	householdCode: string | null;
	learnerName: string;
	userId: number;
	courseSlug: string;
	courseTitle: string;
	category: Category | null;
	/** Distinct lessons completed, capped at the course's current lesson count. */
	lessonsDone: number;
	/** From the content index; null for a course no longer in it. */
	lessonsTotal: number | null;
	bestScore: number | null;
	attempts: number;
	failedAttempts: number;
	certificateNumber: string | null;
	certificateIssuedAt: Date | null;
	certificateRevokedAt: Date | null;
	/** The latest lesson completion or exam submission. */
	lastActivityAt: Date;
	/** What the date filter uses: the certificate's issue date when there is one, else the last activity. */
	recordDate: Date;
	status: RecordStatus;
}

export interface RecordPage {
	rows: RecordRow[];
	/** Pass back to get the next page; null when there is none. */
	nextCursor: string | null;
}

interface Position {
	userId: number;
	courseSlug: string;
}

/** Rows are ordered by (learner id, course slug); the cursor is that key of the last row, base64url encoded. */
export function encodeCursor(position: Position): string {
	return Buffer.from(`${position.userId}:${position.courseSlug}`).toString('base64url');
}

/** The position a cursor stands for, or null for a malformed cursor. */
export function decodeCursor(cursor: string): Position | null {
	const match = /^(\d+):([a-z0-9-]*)$/.exec(Buffer.from(cursor, 'base64url').toString());
	const userId = match ? parseId(match[1]) : null;
	return match && userId ? { userId, courseSlug: match[2] } : null;
}

const EXPORT_PAGE = 1000;

/**
 * One page of records after `cursor`, at most `limit` rows, in (learner id, course slug) order: a single query
 * over the learner-course summary that walks the learners' index from the cursor on, so every page costs the
 * same whether it is the first or the hundredth.
 */
export async function recordRows(
	filter: RecordFilter,
	page: { cursor?: string | null; limit: number }
): Promise<RecordPage> {
	// SQLite refuses a LIMIT that is not a whole number; callers pass what a request asked for.
	const limit = Number.isSafeInteger(page.limit) ? Math.max(1, Math.min(page.limit, 5000)) : 200;
	const after = page.cursor ? decodeCursor(page.cursor) : null;
	if (page.cursor && !after) throw new Error('Invalid cursor');
	const rows = await readPage(filter, after, limit + 1);
	const more = rows.length > limit;
	if (more) rows.length = limit;
	return { rows, nextCursor: more ? encodeCursor(rows[rows.length - 1]) : null };
}

/** Every record matching the filter, a page at a time (tests and small lists: an export renders its pages). */
export function eachRecordRow(filter: RecordFilter, pageSize = EXPORT_PAGE): AsyncGenerator<RecordRow[]> {
	return eachRecordPage(filter, (rows) => [...rows], pageSize);
}

/**
 * Every record matching the filter, a page at a time, each page turned by `render` into what is sent (CSV text, a
 * sheet's XML) before anything waits: between pages only the rendered text is kept. A page of rows kept across the
 * wait for a slow reader survives the young generation's collections; V8 then allocates every later row of that
 * kind straight into the old generation, and a county's export left 50 MB of dead rows there (issue 17).
 *
 * `render` gets the page's records one at a time, each made as it is taken, and is garbage once rendered. Made all
 * at once, a page's records (an object literal: V8 counts them by their allocation site) were all alive while the
 * page was rendered. When the first scavenge to judge them (at the young generation's full size) fell there and
 * found alive all the records made since the one before (an XLSX page's rendering was most of a scavenge's worth of
 * garbage; an export's first page), V8 made every later record, and every later row's cells, straight in the old
 * generation: a county's XLSX export then peaked at 175-195 MB, in one run of three or four. What does stay alive
 * for a page, the driver's rows (node-postgres's arrays, drizzle's objects), has no allocation site V8 decides on.
 */
export async function* eachRecordPage<T>(
	filter: RecordFilter,
	render: (rows: Iterable<RecordRow>) => T,
	pageSize = EXPORT_PAGE
): AsyncGenerator<T> {
	// Read on a connection of the export's own (SQLite: with a small page cache; see openReader), closed when the
	// last page is read, or when the download stops (a cancelled stream returns its generator).
	const { reader, close } = openReader();
	try {
		let after: Position | null = null;
		for (;;) {
			const page: RenderedPage<T> = await renderPage(reader, filter, after, pageSize, render);
			if (page.count) yield page.output;
			if (page.count < pageSize) return;
			after = page.last;
		}
	} finally {
		close();
	}
}

interface RenderedPage<T> {
	output: T;
	count: number;
	last: Position | null;
}

// A function of its own, so that the rows are gone with its frame when it returns, whatever the generator keeps.
async function renderPage<T>(
	reader: Db,
	filter: RecordFilter,
	after: Position | null,
	size: number,
	render: (rows: Iterable<RecordRow>) => T
): Promise<RenderedPage<T>> {
	const { values, courses } = await readValues(reader, filter, after, size);
	const last = values.at(-1);
	return {
		output: render(recordsOf(values, courses)),
		count: values.length,
		last: last ? { userId: last.userId, courseSlug: last.courseSlug } : null
	};
}

/** The records of a page's rows, each made when it is taken. */
function* recordsOf(values: RawRow[], courses: Map<string, CourseSummary>): Generator<RecordRow> {
	for (const raw of values) yield toRecord(raw, courses);
}

/** The condition that keeps a query to learners in scope (township or county, village). */
export function learnerScope(filter: Pick<RecordFilter, 'townshipId' | 'villageId'>): SQL {
	const conditions = [eq(users.role, 'learner'), townshipIn(users.townshipId, filter.townshipId)];
	if (filter.villageId !== undefined) {
		conditions.push(
			inArray(
				users.householdId,
				db.select({ id: households.id }).from(households).where(eq(households.villageId, filter.villageId))
			)
		);
	}
	return and(...conditions)!;
}

// Latest of the lesson and the attempt (either may be missing); written with CASE so PostgreSQL reads it too.
const lastWork = laterTime(learnerCourses.lastLessonAt, learnerCourses.lastAttemptAt);
const recordDate = sql`coalesce(${certificates.issuedAt}, ${lastWork})`;

/**
 * Rows after `after`, at most `size`. Every learner-course row of the summary is one record; its certificate,
 * if any, is joined (a certificate is only issued on a graded attempt, which the summary holds).
 */
/** The conditions of the records query: scope, filters, and the position after which a page starts. */
function recordConditions(filter: RecordFilter, after: Position | null): SQL | undefined {
	const conditions: (SQL | undefined)[] = [learnerScope(filter)];
	if (after) {
		conditions.push(
			gte(users.id, after.userId),
			// Implied by the join, and said so that PostgreSQL starts the summary's index at the page too (without it,
			// each page of a province's export read the summary from its first learner: 290 ms a page, 3.5 ms with it).
			gte(learnerCourses.userId, after.userId),
			sql`(${users.id} > ${after.userId} or ${learnerCourses.courseSlug} > ${after.courseSlug})`
		);
	}
	if (filter.courseSlug !== undefined) conditions.push(eq(learnerCourses.courseSlug, filter.courseSlug));
	if (filter.certifiedOnly) conditions.push(isNotNull(certificates.number), isNull(certificates.revokedAt));
	if (filter.from) conditions.push(sql`${recordDate} >= ${dbTime(filter.from)}`);
	if (filter.to) conditions.push(sql`${recordDate} < ${dbTime(filter.to)}`);
	return and(...conditions);
}

/** How many records match the filter (an export says it up front, so the page can show its progress). */
export async function countRecordRows(filter: RecordFilter): Promise<number> {
	return (await first(
		db
			.select({ n: count() })
			.from(users)
			.innerJoin(learnerCourses, eq(learnerCourses.userId, users.id))
			.leftJoin(
				certificates,
				and(eq(certificates.userId, learnerCourses.userId), eq(certificates.courseSlug, learnerCourses.courseSlug))
			)
			.where(recordConditions(filter, null))
	))!.n;
}

async function readPage(filter: RecordFilter, after: Position | null, size: number): Promise<RecordRow[]> {
	const { values, courses } = await readValues(db, filter, after, size);
	return values.map((raw) => toRecord(raw, courses));
}

/** The rows after `after`, at most `size`, as the driver gives them, and the courses to make records of them. */
async function readValues(
	database: Db,
	filter: RecordFilter,
	after: Position | null,
	size: number
): Promise<{ values: RawRow[]; courses: Map<string, CourseSummary> }> {
	const values = await database
		.select({
			userId: users.id,
			learnerName: users.name,
			townshipId: users.townshipId,
			township: townships.name,
			villageId: villages.id,
			village: villages.name,
			householdCode: households.code,
			courseSlug: learnerCourses.courseSlug,
			lessons: learnerCourses.lessonsDone,
			lastLessonAt: learnerCourses.lastLessonAt,
			attempts: learnerCourses.attempts,
			passed: learnerCourses.passedAttempts,
			best: learnerCourses.bestScore,
			lastAttemptAt: learnerCourses.lastAttemptAt,
			number: certificates.number,
			certificateTitle: certificates.courseTitle,
			issuedAt: certificates.issuedAt,
			revokedAt: certificates.revokedAt
		})
		.from(users)
		.innerJoin(learnerCourses, eq(learnerCourses.userId, users.id))
		.leftJoin(
			certificates,
			and(eq(certificates.userId, learnerCourses.userId), eq(certificates.courseSlug, learnerCourses.courseSlug))
		)
		.leftJoin(households, eq(users.householdId, households.id))
		.leftJoin(villages, eq(households.villageId, villages.id))
		.leftJoin(townships, eq(users.townshipId, townships.id))
		.where(recordConditions(filter, after))
		.orderBy(asc(users.id), asc(learnerCourses.courseSlug))
		.limit(size);
	const courses = new Map((await listCourses()).map((c) => [c.slug, c]));
	return { values, courses };
}

interface RawRow {
	userId: number;
	learnerName: string;
	townshipId: number | null;
	township: string | null;
	villageId: number | null;
	village: string | null;
	householdCode: string | null;
	courseSlug: string;
	lessons: number;
	lastLessonAt: Date | null;
	attempts: number;
	passed: number;
	best: number | null;
	lastAttemptAt: Date | null;
	number: string | null;
	certificateTitle: string | null;
	issuedAt: Date | null;
	revokedAt: Date | null;
}

function toRecord(raw: RawRow, courses: Map<string, CourseSummary>): RecordRow {
	const { userId, learnerName, townshipId, township, villageId, village, householdCode, courseSlug } = raw;
	const { lessons, attempts, passed, best, number, certificateTitle, issuedAt: issued, revokedAt } = raw;
	const info = courses.get(courseSlug);
	const total = info?.lessonCount ?? null;
	const lastActivityAt = new Date(
		Math.max(raw.lastLessonAt?.getTime() ?? 0, raw.lastAttemptAt?.getTime() ?? 0, issued?.getTime() ?? 0)
	);
	return {
		townshipId,
		township,
		villageId,
		village,
		householdCode,
		learnerName,
		userId,
		courseSlug,
		courseTitle: info?.title ?? certificateTitle ?? courseSlug,
		category: info?.category ?? null,
		lessonsDone: total === null ? lessons : Math.min(lessons, total),
		lessonsTotal: total,
		bestScore: best,
		attempts,
		failedAttempts: attempts - passed,
		certificateNumber: number,
		certificateIssuedAt: issued,
		certificateRevokedAt: revokedAt,
		lastActivityAt,
		recordDate: issued ?? lastActivityAt,
		status: recordStatus({ passed: passed > 0, certificate: number ? { revoked: revokedAt !== null } : null })
	};
}
