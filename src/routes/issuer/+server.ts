import { json } from '@sveltejs/kit';
import { issuerProfile } from '$lib/server/certificates/credential';
import type { RequestHandler } from './$types';

/**
 * The certificate issuer's profile and public key (the controller document of `/issuer#key-1`), at a stable
 * address: every signed credential points here, so verifiers can check signatures without asking us.
 */
export const GET: RequestHandler = async ({ url }) => {
	const profile = await issuerProfile({ origin: url.origin });
	return json(profile, {
		headers: { 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
};
