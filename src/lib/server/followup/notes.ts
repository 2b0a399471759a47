// Staff noting that they contacted a learner who needed help. Notes are added, never changed: together with the
// audit log they say who followed up whom, and when. Only staff of the learner's township may write or read them.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { chinaIsoDay } from '../../dates.ts';
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { followUpNotes, users } from '../db/schema.ts';
import { fieldErrors, type FieldErrors } from '../forms.ts';
import { first, one } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';
import { townshipIn, type RecordsScope } from '../records/scope.ts';

export const NOTE_MAX = 200;
/** A contact may be noted up to a year after it happened. */
const OLDEST_DAYS = 366;

/** The note form; messages are keys of the follow-up catalogue. */
export function noteSchema(now: Date) {
	const today = chinaIsoDay(now);
	const oldest = chinaIsoDay(new Date(now.getTime() - OLDEST_DAYS * 86_400_000));
	return z.object({
		note: z
			.string()
			.trim()
			.min(1, 'followup_note_required')
			.max(NOTE_MAX, 'followup_note_too_long')
			// Control characters (other than none at all) have no place in a one-line note.
			.refine((s) => !/\p{Cc}/u.test(s), 'followup_note_required'),
		// One check after another, each only on a value that passed the one before (zod runs every refinement).
		contactedOn: z.string().superRefine((s, ctx) => {
			const valid = /^\d{4}-\d{2}-\d{2}$/.test(s) && chinaIsoDay(new Date(`${s}T00:00:00+08:00`)) === s;
			const problem = !valid
				? 'followup_date_invalid'
				: s > today
					? 'followup_date_future'
					: s < oldest
						? 'followup_date_old'
						: null;
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		})
	});
}

export interface FollowUpNote {
	id: number;
	learnerId: number;
	staffName: string;
	contactedOn: string;
	note: string;
	createdAt: Date;
}

export type AddNoteResult =
	{ ok: true; note: FollowUpNote } | { ok: false; errors: FieldErrors } | { ok: false; notFound: true };

/**
 * Adds a note by `staffId` about a learner of `townshipId`. A learner of another township is not found (the
 * same answer as a learner who does not exist), so staff cannot learn who is on another township's books.
 */
export async function addFollowUpNote(
	staff: { id: number; townshipId: number },
	learnerId: number,
	input: { note: unknown; contactedOn: unknown },
	now = new Date()
): Promise<AddNoteResult> {
	const learner = await first(
		db
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.id, learnerId), eq(users.role, 'learner'), eq(users.townshipId, staff.townshipId)))
	);
	if (!learner) return { ok: false, notFound: true };
	const parsed = noteSchema(now).safeParse(input);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const row = await writeTransaction(async (tx) => {
		const inserted = await one(
			tx
				.insert(followUpNotes)
				.values({
					learnerId,
					staffId: staff.id,
					townshipId: staff.townshipId,
					countyId: countyOfUser(learnerId),
					createdAt: now,
					...parsed.data
				})
				.returning()
		);
		await audit(
			{
				actorId: staff.id,
				action: 'follow_up_note',
				targetType: 'user',
				targetId: learnerId,
				townshipId: staff.townshipId,
				detail: { noteId: inserted.id, contactedOn: inserted.contactedOn }
			},
			tx
		);
		return inserted;
	});
	const staffName =
		(await first(db.select({ name: users.name }).from(users).where(eq(users.id, staff.id))))?.name ?? '';
	return { ok: true, note: { ...row, staffName } };
}

/** Every note about a learner of the township, newest first. */
export async function notesOf(townshipId: number, learnerId: number): Promise<FollowUpNote[]> {
	return await selectNotes()
		.where(and(eq(followUpNotes.learnerId, learnerId), eq(followUpNotes.townshipId, townshipId)))
		.orderBy(desc(followUpNotes.contactedOn), desc(followUpNotes.id));
}

/** The latest note of each of the learners (of the township; null: any township) that has one. */
export async function latestNotes(scope: RecordsScope, learnerIds: number[]): Promise<Map<number, FollowUpNote>> {
	const latest = new Map<number, FollowUpNote>();
	// SQLite takes up to 32,766 parameters; the needs-help list is far shorter, but stay well inside it.
	for (let i = 0; i < learnerIds.length; i += 500) {
		const rows = await selectNotes()
			.where(
				and(townshipIn(followUpNotes.townshipId, scope), inArray(followUpNotes.learnerId, learnerIds.slice(i, i + 500)))
			)
			.orderBy(desc(followUpNotes.contactedOn), desc(followUpNotes.id));
		for (const r of rows) if (!latest.has(r.learnerId)) latest.set(r.learnerId, r);
	}
	return latest;
}

function selectNotes() {
	return db
		.select({
			id: followUpNotes.id,
			learnerId: followUpNotes.learnerId,
			staffName: users.name,
			contactedOn: followUpNotes.contactedOn,
			note: followUpNotes.note,
			createdAt: followUpNotes.createdAt
		})
		.from(followUpNotes)
		.innerJoin(users, eq(users.id, followUpNotes.staffId));
}
