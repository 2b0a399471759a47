import { json } from '@sveltejs/kit';
import { learnerState, villageOf } from '$lib/server/sync/state';
import type { RequestHandler } from './$types';

/**
 * Who is signed in on this phone, and a learner's progress: the only place a page learns either. Pages the
 * service worker stores are the same for everyone, so this answer must never be stored anywhere.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const { user } = locals;
	const body = user
		? {
				user: {
					id: user.id,
					name: user.name,
					role: user.role,
					// For the "family on this phone" list: a family member picks their name and types only the PIN.
					username: user.username,
					village: user.role === 'learner' ? await villageOf(user.id) : null
				},
				state: user.role === 'learner' ? await learnerState(user.id) : null
			}
		: { user: null, state: null };
	return json(body, { headers: { 'cache-control': 'no-store', vary: 'cookie' } });
};
