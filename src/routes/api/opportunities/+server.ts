import { json } from '@sveltejs/kit';
import { chinaIsoDay } from '$lib/dates';
import { opportunitiesForLearner } from '$lib/server/opportunities/for-learner';
import type { RequestHandler } from './$types';

/**
 * The open opportunities for the signed-in learner's township, and which they said they are interested in.
 * Personal, so never stored by any cache: the phone keeps it per learner beside their progress, and forgets
 * it when they sign out (see offline/opportunities-store.ts).
 */
export const GET: RequestHandler = async ({ locals }) => {
	const headers = { 'cache-control': 'no-store', vary: 'cookie' };
	if (!locals.user) return json({ error: 'unauthenticated' }, { status: 401, headers });
	if (locals.user.role !== 'learner') return json({ error: 'forbidden' }, { status: 403, headers });
	return json(await opportunitiesForLearner(locals.user.id, chinaIsoDay(new Date())), { headers });
};
