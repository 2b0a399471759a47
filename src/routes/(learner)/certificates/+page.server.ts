import { listCertificates } from '$lib/server/certificates/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user) return { signedIn: false, certificates: [] };
	const certificates = listCertificates(locals.user.id).map((c) => ({
		number: c.number,
		courseTitle: c.courseTitle,
		score: c.score,
		issuedAt: c.issuedAt,
		revokedAt: c.revokedAt,
		township: c.township
	}));
	return { signedIn: true, certificates, origin: url.origin };
};
