import { error, json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { credentialOf, findCertificate, revokedGone } from '$lib/server/certificates/records';
import type { RequestHandler } from './$types';

/** The signed Open Badges 3.0 credential, for its holder to keep or hand to another system, while it stands. */
export const GET: RequestHandler = async ({ params }) => {
	const user = requireUser();
	const cert = await findCertificate(params.number);
	if (!cert || cert.userId !== user.id) error(404, 'not found');
	// Revoked: gone for good, as the PDF (see there). credentialOf refuses it too; asking here first tells the
	// holder why, instead of "not found".
	if (cert.revokedAt) return revokedGone();
	const credential = await credentialOf(user.id, cert.number);
	if (!credential) error(404, 'not found');
	return json(credential, {
		headers: {
			'content-type': 'application/vc+ld+json; charset=utf-8',
			'content-disposition': `attachment; filename="credential-${cert.number}.json"`
		}
	});
};
