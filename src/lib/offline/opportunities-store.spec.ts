import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import type { LearnerOpportunities } from '../opportunities/types.ts';
import { keepInterest, loadOpportunities } from './opportunities-store.ts';
import { closeOutbox, forgetLearnerState, getMeta } from './outbox.ts';

beforeEach(async () => {
	await closeOutbox();
	globalThis.indexedDB = new IDBFactory();
});

const list = (userId: number): LearnerOpportunities => ({
	userId,
	today: '2026-06-01',
	opportunities: [
		{
			id: 7,
			kind: 'job',
			title: '县城超市招收银员',
			description: '',
			place: '县城',
			startsOn: '2026-06-10',
			endsOn: null,
			expiresOn: '2026-06-30',
			contactName: '李经理',
			contactPhone: '13700000000',
			courses: [],
			interested: false
		}
	]
});
const answering = (body: unknown) => (async () => Response.json(body)) as unknown as typeof fetch;
const offline = (async () => {
	throw new TypeError('Failed to fetch');
}) as unknown as typeof fetch;

it('keeps the learner’s list for offline use, and forgets it with the rest of their data at sign-out', async () => {
	expect(await loadOpportunities(3, offline)).toEqual({ list: null, offline: true });
	expect(await loadOpportunities(3, answering(list(3)))).toEqual({ list: list(3), offline: false });
	expect(await loadOpportunities(3, offline)).toEqual({ list: list(3), offline: true });
	// Another family member on the same phone sees nothing of it.
	expect(await loadOpportunities(4, offline)).toEqual({ list: null, offline: true });
	await forgetLearnerState(3);
	expect(await getMeta('opportunities:3')).toBeUndefined();
	expect(await loadOpportunities(3, offline)).toEqual({ list: null, offline: true });
});

it('never keeps an answer made for another learner', async () => {
	expect(await loadOpportunities(3, answering(list(4)))).toEqual({ list: null, offline: true });
	expect(await getMeta('opportunities:3')).toBeUndefined();
	expect(await getMeta('opportunities:4')).toBeUndefined();
});

it('notes the learner’s own tap in the kept list', async () => {
	await loadOpportunities(3, answering(list(3)));
	await keepInterest(3, 7, true);
	expect((await getMeta('opportunities:3'))?.opportunities[0].interested).toBe(true);
});
