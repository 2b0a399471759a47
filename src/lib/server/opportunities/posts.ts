import { and, desc, eq, getTableColumns, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db } from '../db/index.ts';
import { opportunities, opportunityCourses, townships, users } from '../db/schema.ts';
import type { OpportunityInput } from './form.ts';

// Staff and the county posting opportunities. Who may touch what is decided here, not in the pages: staff see
// their own township's and the county's (all townships) opportunities and change only their own township's;
// the county admin sees and changes all.

/** Who is posting: a staff member with their township, or the county admin (`townshipId` null). */
export type Poster = { id: number; role: 'staff' | 'admin'; townshipId: number | null };

export type OpportunityRow = typeof opportunities.$inferSelect & {
	courses: string[];
	township: string | null;
	postedBy: string;
};

/** The opportunities a poster can see. */
function visible(poster: Poster): SQL | undefined {
	if (poster.role === 'admin') return undefined;
	return or(eq(opportunities.townshipId, poster.townshipId ?? -1), isNull(opportunities.townshipId));
}

/** Whether a poster may edit or close an opportunity of `townshipId` (null: all townships). */
export const mayChange = (poster: Poster, townshipId: number | null): boolean =>
	poster.role === 'admin' || (townshipId !== null && townshipId === poster.townshipId);

function withCourses(
	rows: (typeof opportunities.$inferSelect & { township: string | null; postedBy: string })[]
): OpportunityRow[] {
	if (rows.length === 0) return [];
	const links = db
		.select()
		.from(opportunityCourses)
		.where(
			inArray(
				opportunityCourses.opportunityId,
				rows.map((r) => r.id)
			)
		)
		.all();
	return rows.map((r) => ({
		...r,
		courses: links.filter((l) => l.opportunityId === r.id).map((l) => l.courseSlug)
	}));
}

function selectRows() {
	return db
		.select({
			...getTableColumns(opportunities),
			township: townships.name,
			postedBy: users.name
		})
		.from(opportunities)
		.leftJoin(townships, eq(opportunities.townshipId, townships.id))
		.innerJoin(users, eq(opportunities.createdBy, users.id));
}

/** The opportunities a poster can see, newest first (open and closed alike: the page marks which is which). */
export function listForPoster(poster: Poster): OpportunityRow[] {
	return withCourses(selectRows().where(visible(poster)).orderBy(desc(opportunities.id)).all());
}

/** One opportunity the poster can see, or null. */
export function getForPoster(poster: Poster, id: number): OpportunityRow | null {
	const row = selectRows()
		.where(and(eq(opportunities.id, id), visible(poster)))
		.get();
	return row ? withCourses([row])[0] : null;
}

/** Posts an opportunity, with who posted it in the audit log; returns its id. */
export function createOpportunity(poster: Poster, input: OpportunityInput, now = new Date()): number {
	if (!mayChange(poster, input.townshipId)) throw new Error('createOpportunity: outside the poster’s township');
	return db.transaction((tx) => {
		const { courses, ...fields } = input;
		const { id } = tx
			.insert(opportunities)
			.values({ ...fields, createdBy: poster.id, createdAt: now })
			.returning({ id: opportunities.id })
			.get();
		if (courses.length)
			tx.insert(opportunityCourses)
				.values(courses.map((courseSlug) => ({ opportunityId: id, courseSlug })))
				.run();
		audit(
			{
				actorId: poster.id,
				action: 'opportunity.create',
				targetType: 'opportunity',
				targetId: id,
				townshipId: input.townshipId,
				detail: { title: input.title }
			},
			tx
		);
		return id;
	});
}

/** Changes an opportunity the poster may change; false when there is none such. */
export function updateOpportunity(poster: Poster, id: number, input: OpportunityInput, now = new Date()): boolean {
	const current = getForPoster(poster, id);
	if (!current || !mayChange(poster, current.townshipId) || !mayChange(poster, input.townshipId)) return false;
	db.transaction((tx) => {
		const { courses, ...fields } = input;
		tx.update(opportunities)
			.set({ ...fields, updatedBy: poster.id, updatedAt: now })
			.where(eq(opportunities.id, id))
			.run();
		tx.delete(opportunityCourses).where(eq(opportunityCourses.opportunityId, id)).run();
		if (courses.length)
			tx.insert(opportunityCourses)
				.values(courses.map((courseSlug) => ({ opportunityId: id, courseSlug })))
				.run();
		audit(
			{
				actorId: poster.id,
				action: 'opportunity.update',
				targetType: 'opportunity',
				targetId: id,
				townshipId: input.townshipId,
				detail: { title: input.title }
			},
			tx
		);
	});
	return true;
}

/** Closes an opportunity (no longer shown to learners; the interest list stays for staff). */
export function closeOpportunity(poster: Poster, id: number, now = new Date()): boolean {
	const current = getForPoster(poster, id);
	if (!current || !mayChange(poster, current.townshipId)) return false;
	if (current.closedAt) return true;
	db.transaction((tx) => {
		tx.update(opportunities).set({ closedAt: now, closedBy: poster.id }).where(eq(opportunities.id, id)).run();
		audit(
			{
				actorId: poster.id,
				action: 'opportunity.close',
				targetType: 'opportunity',
				targetId: id,
				townshipId: current.townshipId
			},
			tx
		);
	});
	return true;
}
