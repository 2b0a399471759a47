// The staff follow-up list: who needs help, why, how to reach them, and whether someone already did.
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { chinaIsoDay } from '../../dates.ts';
import { listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';
import type { RecordsScope } from '../records/scope.ts';
import { needsHelp } from '../records/learners.ts';
import { learnerScope } from '../records/rows.ts';
import { latestNotes, type FollowUpNote } from './notes.ts';

const DAY = 86_400_000;
/** A learner enrolled this long ago who has done nothing yet "never started" (a new one is given time). */
export const NEVER_STARTED_DAYS = 7;
/** A note this recent counts as "contacted"; an older one is history and the learner is open again. */
export const CONTACT_FRESH_DAYS = 30;

export type FollowUpReason =
	| { kind: 'stopped'; days: number }
	| { kind: 'failed_exam'; courseTitle: string; failures: number }
	| { kind: 'never_started'; hasCode: boolean };

export const FOLLOW_UP_FILTERS = ['all', 'open', 'contacted'] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];

export interface FollowUpEntry {
	userId: number;
	name: string;
	village: string | null;
	phone: string | null;
	reasons: FollowUpReason[];
	/** The latest note, if any; `contacted` says whether it is recent enough to count. */
	lastNote: FollowUpNote | null;
	contacted: boolean;
}

/** Learners enrolled before `before` who never did anything (not disabled, not waiting for approval). */
async function neverStarted(scope: RecordsScope, before: Date, limit: number) {
	return await db
		.select({
			userId: users.id,
			name: users.name,
			village: villages.name,
			hasCode: sql<number>`${users.passwordHash} is not null`
		})
		.from(users)
		.leftJoin(households, eq(users.householdId, households.id))
		.leftJoin(villages, eq(households.villageId, villages.id))
		.where(
			and(
				learnerScope({ townshipId: scope }),
				isNull(users.lastActiveAt),
				isNull(users.disabledAt),
				eq(users.awaitingApproval, false),
				lt(users.createdAt, before)
			)
		)
		.orderBy(asc(users.id))
		.limit(limit);
}

/**
 * The follow-up list of a township (a county's townships or null: the whole county, for the county's printout): stopped, failing, never
 * started; filtered by whether they were contacted. The screen, the printout and the learner list's filter all
 * read this one list.
 */
export async function followUpList(
	scope: RecordsScope,
	filter: FollowUpFilter = 'all',
	now = new Date()
): Promise<FollowUpEntry[]> {
	const titles = new Map((await listCourses()).map((c) => [c.slug, c.title]));
	const entries = new Map<number, FollowUpEntry>();
	const entry = (r: { userId: number; name: string; village: string | null }) => {
		if (!entries.has(r.userId))
			entries.set(r.userId, { ...r, phone: null, reasons: [], lastNote: null, contacted: false });
		return entries.get(r.userId)!;
	};
	for (const person of await needsHelp(scope, now, 300)) {
		const e = entry(person);
		for (const r of person.reasons) {
			e.reasons.push(
				r.kind === 'inactive'
					? { kind: 'stopped', days: Math.floor((now.getTime() - r.lastActiveAt.getTime()) / DAY) }
					: { kind: 'failed_exam', courseTitle: titles.get(r.courseSlug) ?? r.courseSlug, failures: r.failures }
			);
		}
	}
	for (const r of await neverStarted(scope, new Date(now.getTime() - NEVER_STARTED_DAYS * DAY), 300)) {
		entry(r).reasons.push({ kind: 'never_started', hasCode: Boolean(r.hasCode) });
	}
	const ids = [...entries.keys()];
	const phones = ids.length
		? await db.select({ id: users.id, phone: users.phone }).from(users).where(inArray(users.id, ids))
		: [];
	for (const p of phones) entries.get(p.id)!.phone = p.phone;
	const freshFrom = chinaIsoDay(new Date(now.getTime() - CONTACT_FRESH_DAYS * DAY));
	for (const [id, note] of await latestNotes(scope, ids)) {
		const e = entries.get(id)!;
		e.lastNote = note;
		e.contacted = note.contactedOn >= freshFrom;
	}
	const list = [...entries.values()];
	return filter === 'all' ? list : list.filter((e) => e.contacted === (filter === 'contacted'));
}

/** The reasons one learner of the township needs help now (empty when they do not). */
export async function reasonsFor(townshipId: number, learnerId: number, now = new Date()): Promise<FollowUpReason[]> {
	return (await followUpList(townshipId, 'all', now)).find((e) => e.userId === learnerId)?.reasons ?? [];
}
