import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { verifyUrl } from '$lib/server/certificates/issue';
import { renderCertificatePdf } from '$lib/server/certificates/pdf';
import { findCertificate, revokedGone } from '$lib/server/certificates/records';
import { config } from '$lib/server/config';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/** The certificate as a PDF, made on request from the record (only for its holder, and only while it stands). */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireUser();
	const cert = await findCertificate(params.number);
	if (!cert || cert.userId !== user.id) error(404, 'not found');
	// A revoked certificate is handed out no more, not even to its holder: a PDF made now would look as good as
	// the one revoked (only scanning its QR code shows the truth). 410: it was here, and is gone for good. Plain
	// text, so the phone's browser shows the sentence as it stands.
	if (cert.revokedAt) return revokedGone();
	const pdf = await renderCertificatePdf({
		number: cert.number,
		learnerName: cert.learnerName,
		courseTitle: cert.courseTitle,
		issuedAt: cert.issuedAt,
		score: cert.score,
		township: cert.township,
		county: cert.county,
		verifyUrl: verifyUrl(url.origin, cert.number),
		issuerName: config().issuerName,
		locale: getLocale() === 'en' ? 'en' : 'zh-CN'
	});
	return new Response(pdf, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="certificate-${cert.number}.pdf"`,
			// Holds the learner's name: kept by no cache (a family shares the phone). cacheControlHandle says so too.
			'cache-control': 'no-store'
		}
	});
};
