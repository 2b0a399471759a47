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

let env: ReturnType<typeof useFreshDatabase>;
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

function learnerOf(townshipId: number): number {
	return env.db
		.select({ id: users.id })
		.from(users)
		.innerJoin(households, eq(users.householdId, households.id))
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(and(eq(users.role, 'learner'), eq(villages.townshipId, townshipId)))
		.get()!.id;
}

beforeEach(() => {
	env = useFreshDatabase();
	const ids = seedCounty(env.db);
	jinheStaff = { id: ids.staff, role: 'staff', townshipId: ids.jinhe };
	tongchangStaff = { id: ids.otherStaff, role: 'staff', townshipId: ids.tongchang };
	const admin = env.db
		.insert(users)
		.values({ role: 'admin', name: '县管理员', username: 'test-admin', passwordHash: 'x' })
		.returning()
		.get();
	county = { id: admin.id, role: 'admin', townshipId: null };
	// Accounts older than the events, so that the phone's times are kept as sent (see sync/client-time.ts).
	env.db
		.update(users)
		.set({ createdAt: new Date('2026-01-01T00:00:00Z') })
		.run();
	jinheLearner = learnerOf(ids.jinhe);
	tongchangLearner = learnerOf(ids.tongchang);
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
	it('shows a township’s opportunity to its learners and the county’s to everyone, never another township’s', () => {
		const own = createOpportunity(jinheStaff, input(), now);
		const all = createOpportunity(county, input({ title: '电商培训班', townshipId: null, courses: [] }), now);
		expect(
			opportunitiesForLearner(jinheLearner, today)
				.opportunities.map((o) => o.id)
				.sort()
		).toEqual([own, all].sort());
		expect(opportunitiesForLearner(tongchangLearner, today).opportunities.map((o) => o.id)).toEqual([all]);
		expect(opportunitiesForLearner(jinheLearner, today).opportunities.find((o) => o.id === own)).toMatchObject({
			courses: [{ slug: 'raising-chickens', title: expect.any(String) }],
			interested: false
		});
	});

	it('hides closed and expired opportunities from learners', () => {
		const closed = createOpportunity(jinheStaff, input(), now);
		createOpportunity(jinheStaff, input({ expiresOn: '2026-06-01' }), now);
		closeOpportunity(jinheStaff, closed, now);
		expect(opportunitiesForLearner(jinheLearner, '2026-06-01').opportunities).toHaveLength(1);
		expect(opportunitiesForLearner(jinheLearner, '2026-06-02').opportunities).toHaveLength(0);
	});

	it('lets staff of another township neither see, change nor close an opportunity, nor see who is interested', () => {
		const id = createOpportunity(jinheStaff, input(), now);
		expect(listForPoster(tongchangStaff)).toEqual([]);
		expect(getForPoster(tongchangStaff, id)).toBeNull();
		expect(updateOpportunity(tongchangStaff, id, input({ townshipId: tongchangStaff.townshipId }), now)).toBe(false);
		expect(closeOpportunity(tongchangStaff, id, now)).toBe(false);
		expect(getForPoster(jinheStaff, id)).toMatchObject({ title: '合作社招收养鸡户', closedAt: null });
		expect(() => createOpportunity(tongchangStaff, input(), now)).toThrow();
	});

	it('lets staff see the county’s opportunity and their own learners’ interest in it, but not change it', async () => {
		const id = createOpportunity(county, input({ townshipId: null }), now);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z')]);
		await send(tongchangLearner, [interestEvent(tongchangLearner, id, true, '2026-06-01T01:00:00Z')]);
		expect(interestedLearners(jinheStaff, id).map((p) => p.userId)).toEqual([jinheLearner]);
		expect(interestedLearners(tongchangStaff, id).map((p) => p.userId)).toEqual([tongchangLearner]);
		expect(
			interestedLearners(county, id)
				.map((p) => p.userId)
				.sort()
		).toEqual([jinheLearner, tongchangLearner].sort());
		expect(updateOpportunity(jinheStaff, id, input({ townshipId: jinheStaff.townshipId }), now)).toBe(false);
		expect(closeOpportunity(jinheStaff, id, now)).toBe(false);
	});

	it('records who posted, changed and closed in the audit log', () => {
		const id = createOpportunity(jinheStaff, input(), now);
		updateOpportunity(jinheStaff, id, input({ title: '合作社招收养鸡户（第二批）' }), now);
		closeOpportunity(jinheStaff, id, now);
		const entries = env.db.select().from(auditLog).where(eq(auditLog.targetType, 'opportunity')).all();
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
		const [created] = listForPoster(jinheStaff);
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
		const id = createOpportunity(jinheStaff, input(), now);
		expect(() => loadOne(tongchangStaff, String(id))).toThrow(expect.objectContaining({ status: 404 }));
		await expect(updateAction(tongchangStaff, String(id), post(form))).rejects.toMatchObject({ status: 404 });
		await expect(closeAction(tongchangStaff, String(id), post({ confirm: 'yes' }))).rejects.toMatchObject({
			status: 404
		});
		expect(getForPoster(jinheStaff, id)).toMatchObject({ title: '合作社招收养鸡户', closedAt: null });
		expect(await updateAction(jinheStaff, String(id), post(form))).toEqual({ saved: true });
		expect(loadOne(jinheStaff, String(id)).values).toMatchObject({ title: '县城超市招收银员' });
	});

	it('closes only on the second, confirming press', async () => {
		const id = createOpportunity(jinheStaff, input(), now);
		expect(await closeAction(jinheStaff, String(id), post({}))).toEqual({ confirmClose: true });
		expect(getForPoster(jinheStaff, id)?.closedAt).toBeNull();
		expect(await closeAction(jinheStaff, String(id), post({ confirm: 'yes' }))).toEqual({ closed: true });
		expect(getForPoster(jinheStaff, id)?.closedAt).not.toBeNull();
	});
});

describe('the interest event', () => {
	const state = (opportunityId: number, userId: number) =>
		env.db
			.select()
			.from(opportunityInterest)
			.where(and(eq(opportunityInterest.opportunityId, opportunityId), eq(opportunityInterest.userId, userId)))
			.get();

	it('counts once however often it is sent', async () => {
		const id = createOpportunity(jinheStaff, input(), now);
		const event = interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z');
		expect((await send(jinheLearner, [event])).outcomes).toEqual([{ id: event.id, status: 'applied' }]);
		expect((await send(jinheLearner, [event, event])).outcomes.map((o) => o.status)).toEqual([
			'duplicate',
			'duplicate'
		]);
		expect(interestedLearners(jinheStaff, id)).toHaveLength(1);
		expect(opportunitiesForLearner(jinheLearner, today).opportunities[0].interested).toBe(true);
	});

	it('can be withdrawn, and the latest by the phone’s time wins whatever the order of arrival', async () => {
		const id = createOpportunity(jinheStaff, input(), now);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z')]);
		await send(jinheLearner, [interestEvent(jinheLearner, id, false, '2026-06-01T02:00:00Z')]);
		expect(interestedLearners(jinheStaff, id)).toEqual([]);
		// An older "interested" arriving late (another phone) does not undo the withdrawal.
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:30:00Z')]);
		expect(state(id, jinheLearner)?.interested).toBe(false);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T03:00:00Z')]);
		expect(interestedLearners(jinheStaff, id).map((p) => p.userId)).toEqual([jinheLearner]);
	});

	it('refuses an event naming another learner, a reused id, and another township’s opportunity', async () => {
		const id = createOpportunity(jinheStaff, input(), now);
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
		expect(state(id, tongchangLearner)).toBeUndefined();
	});

	it('takes a withdrawal but no new interest once the opportunity is closed', async () => {
		const id = createOpportunity(jinheStaff, input(), now);
		await send(jinheLearner, [interestEvent(jinheLearner, id, true, '2026-06-01T01:00:00Z')]);
		closeOpportunity(jinheStaff, id, now);
		const again = interestEvent(jinheLearner, id, true, '2026-06-01T02:00:00Z');
		expect((await send(jinheLearner, [again])).outcomes[0]).toMatchObject({
			status: 'rejected',
			reason: 'unknown_opportunity'
		});
		const withdraw = interestEvent(jinheLearner, id, false, '2026-06-01T03:00:00Z');
		expect((await send(jinheLearner, [withdraw])).outcomes[0]).toMatchObject({ status: 'applied' });
		expect(state(id, jinheLearner)?.interested).toBe(false);
	});
});
