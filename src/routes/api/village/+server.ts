import { error, json } from '@sveltejs/kit';
import { learnerVillageView } from '$lib/server/village/learner-view';
import type { RequestHandler } from './$types';

/**
 * The signed-in learner's village figures, ranking and stars. The village page is the same for everyone (the
 * service worker may keep it); what differs by learner comes only from here, and is never stored by the browser.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const { user } = locals;
	if (!user) error(401, 'sign in');
	if (user.role !== 'learner') error(403, 'learners only');
	return json(
		{ userId: user.id, view: await learnerVillageView(user.id) },
		{ headers: { 'cache-control': 'no-store', vary: 'cookie' } }
	);
};
