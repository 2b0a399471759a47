import { and, desc, eq, getTableColumns, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { opportunities, opportunityCourses, townships, users } from '../db/schema.ts';
import type { OpportunityInput } from './form.ts';
import { first, one } from '../db/dialect.ts';

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

async function withCourses(
	rows: (typeof opportunities.$inferSelect & { township: string | null; postedBy: string })[]
): Promise<OpportunityRow[]> {
	if (rows.length === 0) return [];
	const links = await db
		.select()
		.from(opportunityCourses)
		.where(
			inArray(
				opportunityCourses.opportunityId,
				rows.map((r) => r.id)
			)
		);
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
export async function listForPoster(poster: Poster): Promise<OpportunityRow[]> {
	return withCourses(await selectRows().where(visible(poster)).orderBy(desc(opportunities.id)));
}

/** One opportunity the poster can see, or null. */
export async function getForPoster(poster: Poster, id: number): Promise<OpportunityRow | null> {
	const row = await first(selectRows().where(and(eq(opportunities.id, id), visible(poster))));
	return row ? (await withCourses([row]))[0] : null;
}

/** Posts an opportunity, with who posted it in the audit log; returns its id. */
export async function createOpportunity(poster: Poster, input: OpportunityInput, now = new Date()): Promise<number> {
	if (!mayChange(poster, input.townshipId)) throw new Error('createOpportunity: outside the poster’s township');
	return await writeTransaction(async (tx) => {
		const { courses, ...fields } = input;
		const { id } = await one(
			tx
				.insert(opportunities)
				.values({ ...fields, createdBy: poster.id, createdAt: now })
				.returning({ id: opportunities.id })
		);
		if (courses.length)
			await tx.insert(opportunityCourses).values(courses.map((courseSlug) => ({ opportunityId: id, courseSlug })));
		await audit(
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
export async function updateOpportunity(
	poster: Poster,
	id: number,
	input: OpportunityInput,
	now = new Date()
): Promise<boolean> {
	const current = await getForPoster(poster, id);
	if (!current || !mayChange(poster, current.townshipId) || !mayChange(poster, input.townshipId)) return false;
	await writeTransaction(async (tx) => {
		const { courses, ...fields } = input;
		await tx
			.update(opportunities)
			.set({ ...fields, updatedBy: poster.id, updatedAt: now })
			.where(eq(opportunities.id, id));
		await tx.delete(opportunityCourses).where(eq(opportunityCourses.opportunityId, id));
		if (courses.length)
			await tx.insert(opportunityCourses).values(courses.map((courseSlug) => ({ opportunityId: id, courseSlug })));
		await audit(
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
export async function closeOpportunity(poster: Poster, id: number, now = new Date()): Promise<boolean> {
	const current = await getForPoster(poster, id);
	if (!current || !mayChange(poster, current.townshipId)) return false;
	if (current.closedAt) return true;
	await writeTransaction(async (tx) => {
		await tx.update(opportunities).set({ closedAt: now, closedBy: poster.id }).where(eq(opportunities.id, id));
		await audit(
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
