// Route glue shared by the staff pages (/staff/opportunities) and the county's (/admin/opportunities): the same
// loads and actions, given who is asking. Kept apart from the domain modules, which never answer in HTTP terms.
import { error, fail, redirect } from '@sveltejs/kit';
import { asc } from 'drizzle-orm';
import { chinaIsoDay } from '$lib/dates';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireRole, requireStaff } from '../auth/guards.ts';
import { listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { townships } from '../db/schema.ts';
import { parseId } from '../params.ts';
import { opportunityFormValues, parseOpportunityForm, type OpportunityFormValues } from './form.ts';
import { interestCounts, interestedLearners } from './interest.ts';
import {
	closeOpportunity,
	createOpportunity,
	getForPoster,
	listForPoster,
	mayChange,
	updateOpportunity,
	type Poster
} from './posts.ts';

/** The signed-in staff member as a poster (their township only); sign-in or 403 for anyone else. */
export function staffPoster(): Poster {
	const staff = requireStaff();
	return { id: staff.id, role: 'staff', townshipId: staff.townshipId };
}

/** The signed-in county admin as a poster (every township); sign-in or 403 for anyone else. */
export function countyPoster(): Poster {
	return { id: requireRole('admin').id, role: 'admin', townshipId: null };
}

/** What the form needs to offer: the courses (for certificates asked) and, for the county, the townships. */
export async function formChoices(poster: Poster) {
	return {
		courses: (await listCourses()).map((c) => ({ slug: c.slug, title: c.title })),
		townships:
			poster.role === 'admin'
				? await db.select({ id: townships.id, name: townships.name }).from(townships).orderBy(asc(townships.code))
				: [],
		county: poster.role === 'admin'
	};
}

async function check(poster: Poster, values: OpportunityFormValues) {
	const choices = await formChoices(poster);
	return parseOpportunityForm(values, {
		today: chinaIsoDay(new Date()),
		courseSlugs: new Set(choices.courses.map((c) => c.slug)),
		townships: poster.role === 'admin' ? choices.townships.map((t) => t.id) : [poster.townshipId!],
		county: choices.county
	});
}

/** The list page: every opportunity the poster sees, with how many of their learners are interested. */
export async function loadList(poster: Poster) {
	const rows = await listForPoster(poster);
	const counts = await interestCounts(
		poster,
		rows.map((r) => r.id)
	);
	const titles = new Map((await listCourses()).map((c) => [c.slug, c.title]));
	return {
		today: chinaIsoDay(new Date()),
		opportunities: rows.map((r) => ({
			id: r.id,
			kind: r.kind,
			title: r.title,
			township: r.township,
			expiresOn: r.expiresOn,
			closed: r.closedAt !== null,
			courses: r.courses.map((slug) => titles.get(slug) ?? slug),
			postedBy: r.postedBy,
			interested: counts.get(r.id) ?? 0,
			editable: mayChange(poster, r.townshipId)
		}))
	};
}

/** The create action: back to the form with what was typed, or on to the new opportunity's page. */
export async function createAction(poster: Poster, request: Request, base: string) {
	const values = opportunityFormValues(await request.formData());
	const checked = await check(poster, values);
	if (!checked.ok) return fail(400, { values, errors: checked.errors });
	const id = await createOpportunity(poster, checked.input);
	redirect(303, localizeHref(`${base}/${id}?saved=1`));
}

/** One opportunity's page: its fields for the form, and who is interested. 404 when the poster cannot see it. */
export async function loadOne(poster: Poster, idParam: string) {
	const id = parseId(idParam);
	const row = id === null ? null : await getForPoster(poster, id);
	if (!row) error(404, 'not found');
	const values: OpportunityFormValues = {
		kind: row.kind,
		title: row.title,
		description: row.description,
		place: row.place,
		startsOn: row.startsOn,
		endsOn: row.endsOn ?? '',
		expiresOn: row.expiresOn,
		contactName: row.contactName,
		contactPhone: row.contactPhone,
		townshipId: row.townshipId === null ? '' : String(row.townshipId),
		courses: row.courses
	};
	return {
		opportunity: {
			id: row.id,
			title: row.title,
			township: row.township,
			closed: row.closedAt !== null,
			postedBy: row.postedBy,
			createdAt: row.createdAt,
			editable: mayChange(poster, row.townshipId)
		},
		values,
		interested: await interestedLearners(poster, row.id),
		...(await formChoices(poster))
	};
}

/** The edit action; 404 for an opportunity the poster may not change. */
export async function updateAction(poster: Poster, idParam: string, request: Request) {
	const id = parseId(idParam);
	const values = opportunityFormValues(await request.formData());
	const current = id === null ? null : await getForPoster(poster, id);
	if (!current || !mayChange(poster, current.townshipId)) error(404, 'not found');
	const checked = await check(poster, values);
	if (!checked.ok) return fail(400, { values, errors: checked.errors });
	if (!(await updateOpportunity(poster, current.id, checked.input))) error(404, 'not found');
	return { saved: true };
}

/**
 * The close action; 404 for an opportunity the poster may not change. The first press only asks (the answer
 * shows the question); the confirming form sends confirm=yes, as disabling an account does, without JavaScript.
 */
export async function closeAction(poster: Poster, idParam: string, request: Request) {
	const id = parseId(idParam);
	const current = id === null ? null : await getForPoster(poster, id);
	if (!current || !mayChange(poster, current.townshipId)) error(404, 'not found');
	if ((await request.formData()).get('confirm') !== 'yes') return { confirmClose: true };
	if (!(await closeOpportunity(poster, current.id))) error(404, 'not found');
	return { closed: true };
}
