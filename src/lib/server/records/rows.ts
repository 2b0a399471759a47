// The Zhizhi project records: one row per learner and course the learner has started.
import { and, asc, count, eq, gte, inArray, max, sql, type SQL } from 'drizzle-orm';
import { listCourses, type Category } from '../content/index.ts';
import { db } from '../db/index.ts';
import { certificates, examAttempts, households, lessonCompletions, townships, users, villages } from '../db/schema.ts';

export type RecordStatus = 'certified' | 'revoked' | 'passed_waiting_lessons' | 'in_progress';

/**
 * Which rows to return. `townshipId` null means the whole county (admins only; the caller checks the role).
 * `from`/`to` select by the row's record date ({@link RecordRow.recordDate}): `from <= recordDate < to`.
 */
export interface RecordFilter {
	townshipId: number | null;
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
	return match ? { userId: Number(match[1]), courseSlug: match[2] } : null;
}

const EXPORT_PAGE = 1000;

/**
 * One page of records after `cursor`, at most `limit` rows. Work per page is bounded: learners are read in
 * id order in batches and their (learner, course) aggregates computed in one query per table.
 */
export function recordRows(filter: RecordFilter, page: { cursor?: string | null; limit: number }): RecordPage {
	const limit = Math.max(1, Math.min(page.limit, 5000));
	const after = page.cursor ? decodeCursor(page.cursor) : null;
	if (page.cursor && !after) throw new Error('Invalid cursor');
	const rows: RecordRow[] = [];
	let fromUserId = after?.userId ?? 0;
	for (;;) {
		const batch = learnerBatch(filter, fromUserId, limit);
		for (const row of rowsOfLearners(batch, filter)) {
			if (after && (row.userId < after.userId || (row.userId === after.userId && row.courseSlug <= after.courseSlug)))
				continue;
			rows.push(row);
			if (rows.length === limit) return { rows, nextCursor: encodeCursor(row) };
		}
		if (batch.length < limit) return { rows, nextCursor: null };
		fromUserId = batch[batch.length - 1].userId + 1;
	}
}

/** Every record matching the filter, in pages of the rows of about 1,000 learners, for streaming exports. */
export function* eachRecordRow(filter: RecordFilter, learnersPerPage = EXPORT_PAGE): Generator<RecordRow[]> {
	let fromUserId = 0;
	for (;;) {
		const batch = learnerBatch(filter, fromUserId, learnersPerPage);
		const rows = rowsOfLearners(batch, filter);
		if (rows.length) yield rows;
		if (batch.length < learnersPerPage) return;
		fromUserId = batch[batch.length - 1].userId + 1;
	}
}

/** The condition that keeps a query to learners in scope (township, village). */
export function learnerScope(filter: Pick<RecordFilter, 'townshipId' | 'villageId'>): SQL {
	const conditions = [eq(users.role, 'learner')];
	if (filter.townshipId !== null) conditions.push(eq(users.townshipId, filter.townshipId));
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

type Learner = ReturnType<typeof learnerBatch>[number];

function learnerBatch(filter: RecordFilter, fromUserId: number, size: number) {
	return db
		.select({
			userId: users.id,
			learnerName: users.name,
			townshipId: users.townshipId,
			township: townships.name,
			villageId: villages.id,
			village: villages.name,
			householdCode: households.code
		})
		.from(users)
		.leftJoin(households, eq(users.householdId, households.id))
		.leftJoin(villages, eq(households.villageId, villages.id))
		.leftJoin(townships, eq(users.townshipId, townships.id))
		.where(and(learnerScope(filter), gte(users.id, fromUserId)))
		.orderBy(asc(users.id))
		.limit(size)
		.all();
}

interface Pair {
	lessons: number;
	lastLessonAt: number;
	best: number | null;
	attempts: number;
	passed: number;
	lastAttemptAt: number;
	certificate?: { number: string; title: string; issuedAt: Date; revokedAt: Date | null };
}

function rowsOfLearners(batch: Learner[], filter: RecordFilter): RecordRow[] {
	if (!batch.length) return [];
	const ids = batch.map((l) => l.userId);
	const pairs = new Map<string, Pair>();
	const pair = (userId: number, courseSlug: string) => {
		const key = `${userId}:${courseSlug}`;
		let found = pairs.get(key);
		if (!found) {
			found = { lessons: 0, lastLessonAt: 0, best: null, attempts: 0, passed: 0, lastAttemptAt: 0 };
			pairs.set(key, found);
		}
		return found;
	};
	const course = (
		column: typeof lessonCompletions.courseSlug | typeof examAttempts.courseSlug | typeof certificates.courseSlug
	) => (filter.courseSlug === undefined ? undefined : eq(column, filter.courseSlug));

	for (const c of db
		.select({
			userId: lessonCompletions.userId,
			courseSlug: lessonCompletions.courseSlug,
			lessons: count(),
			last: sql<number>`max(${lessonCompletions.completedAt})`
		})
		.from(lessonCompletions)
		.where(and(inArray(lessonCompletions.userId, ids), course(lessonCompletions.courseSlug)))
		.groupBy(lessonCompletions.userId, lessonCompletions.courseSlug)
		.all()) {
		Object.assign(pair(c.userId, c.courseSlug), { lessons: c.lessons, lastLessonAt: c.last });
	}
	for (const a of db
		.select({
			userId: examAttempts.userId,
			courseSlug: examAttempts.courseSlug,
			best: max(examAttempts.score),
			attempts: count(),
			passed: sql<number>`sum(case when ${examAttempts.passed} then 1 else 0 end)`,
			last: sql<number>`max(${examAttempts.submittedAt})`
		})
		.from(examAttempts)
		.where(and(inArray(examAttempts.userId, ids), course(examAttempts.courseSlug)))
		.groupBy(examAttempts.userId, examAttempts.courseSlug)
		.all()) {
		Object.assign(pair(a.userId, a.courseSlug), {
			best: a.best,
			attempts: a.attempts,
			passed: a.passed,
			lastAttemptAt: a.last
		});
	}
	for (const c of db
		.select()
		.from(certificates)
		.where(and(inArray(certificates.userId, ids), course(certificates.courseSlug)))
		.all()) {
		pair(c.userId, c.courseSlug).certificate = {
			number: c.number,
			title: c.courseTitle,
			issuedAt: c.issuedAt,
			revokedAt: c.revokedAt
		};
	}

	const courses = new Map(listCourses().map((c) => [c.slug, c]));
	const byId = new Map(batch.map((l) => [l.userId, l]));
	const rows: RecordRow[] = [];
	for (const [key, p] of pairs) {
		const colon = key.indexOf(':');
		const learner = byId.get(Number(key.slice(0, colon)))!;
		const courseSlug = key.slice(colon + 1);
		const info = courses.get(courseSlug);
		const total = info?.lessonCount ?? null;
		const lastActivityAt = new Date(Math.max(p.lastLessonAt, p.lastAttemptAt, p.certificate?.issuedAt.getTime() ?? 0));
		const row: RecordRow = {
			...learner,
			courseSlug,
			courseTitle: info?.title ?? p.certificate?.title ?? courseSlug,
			category: info?.category ?? null,
			lessonsDone: total === null ? p.lessons : Math.min(p.lessons, total),
			lessonsTotal: total,
			bestScore: p.best,
			attempts: p.attempts,
			failedAttempts: p.attempts - p.passed,
			certificateNumber: p.certificate?.number ?? null,
			certificateIssuedAt: p.certificate?.issuedAt ?? null,
			certificateRevokedAt: p.certificate?.revokedAt ?? null,
			lastActivityAt,
			recordDate: p.certificate?.issuedAt ?? lastActivityAt,
			status: p.certificate
				? p.certificate.revokedAt
					? 'revoked'
					: 'certified'
				: p.passed > 0
					? 'passed_waiting_lessons'
					: 'in_progress'
		};
		if (matches(row, filter)) rows.push(row);
	}
	return rows.sort(
		(a, b) => a.userId - b.userId || (a.courseSlug < b.courseSlug ? -1 : a.courseSlug > b.courseSlug ? 1 : 0)
	);
}

function matches(row: RecordRow, filter: RecordFilter): boolean {
	if (filter.certifiedOnly && row.status !== 'certified') return false;
	if (filter.from && row.recordDate < filter.from) return false;
	if (filter.to && row.recordDate >= filter.to) return false;
	return true;
}
