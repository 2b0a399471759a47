import { error, json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { credentialOf } from '$lib/server/certificates/records';
import type { RequestHandler } from './$types';

/** The signed Open Badges 3.0 credential, for its holder to keep or hand to another system. */
export const GET: RequestHandler = async ({ params }) => {
	const user = requireUser();
	const credential = await credentialOf(user.id, params.number);
	if (!credential) error(404, 'not found');
	return json(credential, {
		headers: {
			'content-type': 'application/vc+ld+json; charset=utf-8',
			'content-disposition': `attachment; filename="credential-${params.number}.json"`
		}
	});
};
