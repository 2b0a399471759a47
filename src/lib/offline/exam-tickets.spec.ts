import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
	closeExamTickets,
	dropExamTicket,
	dropExamTicketsOf,
	examTicketFor,
	keepExamTicket,
	type OfflineExamTicket
} from './exam-tickets.ts';

const ticket = (userId: number, courseSlug: string, token = `t${userId}${courseSlug}`): OfflineExamTicket => ({
	userId,
	courseSlug,
	contentVersion: 'abcdef',
	token,
	questions: [],
	expiresAt: '2026-12-20T00:00:00Z'
});
const now = new Date('2026-11-20T00:00:00Z');

afterEach(async () => {
	await dropExamTicketsOf(1);
	await dropExamTicketsOf(2);
	await closeExamTickets();
});

describe('exam tickets on the phone', () => {
	it('keeps each learner their own ticket per course', async () => {
		await keepExamTicket(ticket(1, 'c1'));
		await keepExamTicket(ticket(2, 'c1'));
		expect((await examTicketFor(1, 'c1', now))?.token).toBe('t1c1');
		expect((await examTicketFor(2, 'c1', now))?.token).toBe('t2c1');
		expect(await examTicketFor(1, 'c2', now)).toBeNull();
	});

	it('gives no ticket that has run out, and forgets a used one', async () => {
		await keepExamTicket(ticket(1, 'c1'));
		expect(await examTicketFor(1, 'c1', new Date('2026-12-21T00:00:00Z'))).toBeNull();
		await dropExamTicket(1, 'c1', 'another token');
		expect(await examTicketFor(1, 'c1', now)).not.toBeNull();
		await dropExamTicket(1, 'c1', 't1c1');
		expect(await examTicketFor(1, 'c1', now)).toBeNull();
	});

	it("forgets a learner's tickets on sign-out, and only theirs", async () => {
		await keepExamTicket(ticket(1, 'c1'));
		await keepExamTicket(ticket(1, 'c2'));
		await keepExamTicket(ticket(2, 'c1'));
		await dropExamTicketsOf(1);
		expect(await examTicketFor(1, 'c1', now)).toBeNull();
		expect(await examTicketFor(1, 'c2', now)).toBeNull();
		expect(await examTicketFor(2, 'c1', now)).not.toBeNull();
	});
});
