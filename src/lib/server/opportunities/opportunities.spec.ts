import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, households, opportunityInterest, users, villages } from '../db/schema.ts';
import { seedCounty } from '../enrolment/test-helpers.ts';
import { applyEvents } from '../sync/apply.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { opportunitiesForLearner } from './for-learner.ts';
import type { OpportunityInput } from './form.ts';
import { interestedLearners } from './interest.ts';
import { closeAction, createAction, loadOne, updateAction } from './pages.ts';
import {
	closeOpportunity,
	createOpportunity,
	getForPoster,
	listForPoster,
	updateOpportunity,
	type Poster
} from './posts.ts';
import { first, one } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let jinheStaff: Poster, tongchangStaff: Poster, county: Poster;
let jinheLearner: number, tongchangLearner: number;
const today = '2026-06-01';
const now = new Date('2026-06-01T04:00:00Z');

const input = (change: Partial<OpportunityInput> = {}): OpportunityInput => ({
	kind: 'cooperative',
	title: '合作社招收养鸡户',
	description: '合作社统一供苗、收购。',
	place: '马鞍底村委会',
	startsOn: '2026-06-10',
	endsOn: null,
	expiresOn: '2026-06-30',
	contactName: '王社长',
	contactPhone: '13900000000',
	townshipId: jinheStaff.townshipId,
	courses: ['raising-chickens'],
	...change
});

async function learnerOf(townshipId: number): Promise<number> {
	return (await first(
		env.db
			.select({ id: users.id })
			.from(users)
			.innerJoin(households, eq(users.householdId, households.id))
			.innerJoin(villages, eq(households.villageId, villages.id))
			.where(and(eq(users.role, 'learner'), eq(villages.townshipId, townshipId)))
	))!.id;
}

beforeEach(async () => {
	env = await useFreshDatabase();
	const ids = await seedCounty(env.db);
	jinheStaff = { id: ids.staff, role: 'staff', townshipId: ids.jinhe };
	tongchangStaff = { id: ids.otherStaff, role: 'staff', townshipId: ids.tongchang };
	const admin = await one(
		env.db
			.insert(users)
			.values({ role: 'admin', name: '县管理员', username: 'test-admin', passwordHash: 'x' })
			.returning()
	);
	county = { id: admin.id, role: 'admin', townshipId: null };
	// Accounts older than the events, so that the phone's times are kept as sent (see sync/client-time.ts).
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
	jinheLearner = await learnerOf(ids.jinhe);
	tongchangLearner = await learnerOf(ids.tongchang);
});
afterEach(() => env.cleanup());

const interestEvent = (
	userId: number,
	opportunityId: number,
	interested: boolean,
	clientAt: string,
	id = crypto.randomUUID()
) => ({
	id,
	userId,
	kind: 'interest',
	clientAt,
	payload: { opportunityId, interested }
});
const send = (userId: number, events: unknown[]) => applyEvents({ id: userId }, events, 'http://localhost', now);

describe('township scope', () => {
	it('shows a township’s opportunity to its learners and the county’s to everyone, never another township’s', async () => {
		const own = await createOpportunity(jinheStaff, input(), now);
		const all = await createOpportunity(county, input({ title: '电商培训班', townshipId: null, courses: [] }), now);
		expect((await opportunitiesForLearner(jinheLearner, today)).opportunities.map((o) => o.id).sort()).toEqual(
			[own, all].sort()
		);
		expect((await opportunitiesForLearner(tongchangLearner, today)).opportunities.map((o) => o.id)).toEqual([all]);
		expect((await opportunitiesForLearner(jinheLearner, today)).opportunities.find((o) => o.id === own)).toMatchObject({
			courses: [{ slug: 'raising-chickens', title: expect.any(String) }],
			interested: false
		});
	});

	it('hides closed and expired opportunities from learners', async () => {
		const closed = await createOpportunity(jinheStaff, input(), now);
		await createOpportunity(jinheStaff, input({ expiresOn: '2026-06-01' }), now);
		await closeOpportunity(jinheStaff, closed, now);
		expect((await opportunitiesForLearner(jinheLearner, '2026-06-01')).opportunities).toHaveLength(1);
		expect((await opportunitiesForLearner(jinheLearner, '2026-06-02')).opportunities).toHaveLength(0);
	});

	it('lets staff of another township neither see, change nor close an opportunity, nor see who is interested', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		expect(await listForPoster(tongchangStaff)).toEqual([]);
		expect(await getForPoster(tongchangStaff, id)).toBeNull();
		expect(await updateOpportunity(tongchangStaff, id, input({ townshipId: tongchangStaff.townshipId }), now)).toBe(
			false
		);
		expect(await closeOpportunity(tongchangStaff, id, now)).toBe(false);
		expect(await getForPoster(jinheStaff, id)).toMatchObject({ title: '合作社招收养鸡户', closedAt: null });
		await expect(createOpportunity(tongchangStaff, input(), now)).rejects.toThrow();
	});

	it('lets staff see the county’s opportunity and their own learners’ interest in it, but not change it', async () => {
		const id = await createOpportunity(county, input({ townshipId: null }), now);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z')]);
		await send(tongchangLearner, [interestEvent(tongchangLearner, id, true, '2026-06-01T01:00:00Z')]);
		expect((await interestedLearners(jinheStaff, id)).map((p) => p.userId)).toEqual([jinheLearner]);
		expect((await interestedLearners(tongchangStaff, id)).map((p) => p.userId)).toEqual([tongchangLearner]);
		expect((await interestedLearners(county, id)).map((p) => p.userId).sort()).toEqual(
			[jinheLearner, tongchangLearner].sort()
		);
		expect(await updateOpportunity(jinheStaff, id, input({ townshipId: jinheStaff.townshipId }), now)).toBe(false);
		expect(await closeOpportunity(jinheStaff, id, now)).toBe(false);
	});

	it('records who posted, changed and closed in the audit log', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		await updateOpportunity(jinheStaff, id, input({ title: '合作社招收养鸡户（第二批）' }), now);
		await closeOpportunity(jinheStaff, id, now);
		const entries = await env.db.select().from(auditLog).where(eq(auditLog.targetType, 'opportunity'));
		expect(entries.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
			['opportunity.create', jinheStaff.id, String(id)],
			['opportunity.update', jinheStaff.id, String(id)],
			['opportunity.close', jinheStaff.id, String(id)]
		]);
	});
});

describe('the staff pages’ actions', () => {
	const post = (fields: Record<string, string | string[]>) => {
		const body = new FormData();
		for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
		return new Request('http://localhost/staff/opportunities', { method: 'POST', body });
	};
	const form = {
		kind: 'job',
		title: '县城超市招收银员',
		description: '认真细心。',
		place: '县城',
		startsOn: '2099-07-01',
		endsOn: '',
		expiresOn: '2099-06-30',
		contactName: '李经理',
		contactPhone: '13700000000',
		courses: ['shop-accounts']
	};

	it('creates, then keeps what was typed on an error', async () => {
		await expect(createAction(jinheStaff, post(form), '/staff/opportunities')).rejects.toMatchObject({ status: 303 });
		const [created] = await listForPoster(jinheStaff);
		expect(created).toMatchObject({
			title: '县城超市招收银员',
			townshipId: jinheStaff.townshipId,
			courses: ['shop-accounts']
		});
		const bad = await createAction(jinheStaff, post({ ...form, contactPhone: 'abc' }), '/staff/opportunities');
		expect(bad).toMatchObject({
			status: 400,
			data: {
				errors: { contactPhone: 'opp_error_phone' },
				values: { title: '县城超市招收银员', courses: ['shop-accounts'] }
			}
		});
	});

	it('answers 404 to staff of another township who load, save or close it', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		await expect(loadOne(tongchangStaff, String(id))).rejects.toThrow(expect.objectContaining({ status: 404 }));
		await expect(updateAction(tongchangStaff, String(id), post(form))).rejects.toMatchObject({ status: 404 });
		await expect(closeAction(tongchangStaff, String(id), post({ confirm: 'yes' }))).rejects.toMatchObject({
			status: 404
		});
		expect(await getForPoster(jinheStaff, id)).toMatchObject({ title: '合作社招收养鸡户', closedAt: null });
		expect(await updateAction(jinheStaff, String(id), post(form))).toEqual({ saved: true });
		expect((await loadOne(jinheStaff, String(id))).values).toMatchObject({ title: '县城超市招收银员' });
	});

	it('closes only on the second, confirming press', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		expect(await closeAction(jinheStaff, String(id), post({}))).toEqual({ confirmClose: true });
		expect((await getForPoster(jinheStaff, id))?.closedAt).toBeNull();
		expect(await closeAction(jinheStaff, String(id), post({ confirm: 'yes' }))).toEqual({ closed: true });
		expect((await getForPoster(jinheStaff, id))?.closedAt).not.toBeNull();
	});
});

describe('the interest event', () => {
	const state = async (opportunityId: number, userId: number) =>
		await first(
			env.db
				.select()
				.from(opportunityInterest)
				.where(and(eq(opportunityInterest.opportunityId, opportunityId), eq(opportunityInterest.userId, userId)))
		);

	it('counts once however often it is sent', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		const event = interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z');
		expect((await send(jinheLearner, [event])).outcomes).toEqual([{ id: event.id, status: 'applied' }]);
		expect((await send(jinheLearner, [event, event])).outcomes.map((o) => o.status)).toEqual([
			'duplicate',
			'duplicate'
		]);
		expect(await interestedLearners(jinheStaff, id)).toHaveLength(1);
		expect((await opportunitiesForLearner(jinheLearner, today)).opportunities[0].interested).toBe(true);
	});

	it('can be withdrawn, and the latest by the phone’s time wins whatever the order of arrival', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z')]);
		await send(jinheLearner, [interestEvent(jinheLearner, id, false, '2026-06-01T02:00:00Z')]);
		expect(await interestedLearners(jinheStaff, id)).toEqual([]);
		// An older "interested" arriving late (another phone) does not undo the withdrawal.
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:30:00Z')]);
		expect((await state(id, jinheLearner))?.interested).toBe(false);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T03:00:00Z')]);
		expect((await interestedLearners(jinheStaff, id)).map((p) => p.userId)).toEqual([jinheLearner]);
	});

	it('refuses an event naming another learner, a reused id, and another township’s opportunity', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		const other = interestEvent(tongchangLearner, id, true, '2026-06-01T01:00:00Z');
		expect((await send(jinheLearner, [other])).outcomes).toEqual([
			{ id: other.id, status: 'rejected', reason: 'other_user' }
		]);
		expect((await send(tongchangLearner, [other])).outcomes).toEqual([
			{ id: other.id, status: 'rejected', reason: 'unknown_opportunity' }
		]);
		const first = interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z');
		await send(jinheLearner, [first]);
		const reused = { ...first, payload: { opportunityId: id, interested: false } };
		expect((await send(jinheLearner, [reused])).outcomes).toEqual([
			{ id: first.id, status: 'rejected', reason: 'id_conflict' }
		]);
		const extra = { ...interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z'), courseSlug: 'raising-chickens' };
		expect((await send(jinheLearner, [extra])).outcomes).toEqual([
			{ id: extra.id, status: 'rejected', reason: 'invalid' }
		]);
		expect(await state(id, tongchangLearner)).toBeUndefined();
	});

	it('takes a withdrawal but no new interest once the opportunity is closed', async () => {
		const id = await createOpportunity(jinheStaff, input(), now);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z')]);
		await closeOpportunity(jinheStaff, id, now);
		const again = interestEvent(jinheLearner, id, true, '2026-06-01T02:00:00Z');
		expect((await send(jinheLearner, [again])).outcomes[0]).toMatchObject({
			status: 'rejected',
			reason: 'unknown_opportunity'
		});
		const withdraw = interestEvent(jinheLearner, id, false, '2026-06-01T03:00:00Z');
		expect((await send(jinheLearner, [withdraw])).outcomes[0]).toMatchObject({ status: 'applied' });
		expect((await state(id, jinheLearner))?.interested).toBe(false);
	});
});
