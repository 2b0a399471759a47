import { fail } from '@sveltejs/kit';
import { checkSignIn, recordFailure } from '$lib/server/auth/rate-limit';
import { normaliseCertificateNumber } from '$lib/server/certificates/number';
import { findCertificate, maskName, revokeCertificate } from '$lib/server/certificates/records';
import { requireRole } from '$lib/server/auth/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals, getClientAddress, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	// Wrong and unknown numbers count against the address like failed sign-ins, so numbers cannot be harvested.
	const limitKey = [`verify-ip:${getClientAddress()}`];
	const limit = checkSignIn(limitKey);
	if (!limit.allowed)
		return {
			outcome: 'rate_limited' as const,
			retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60),
			typed: params.number
		};
	const number = normaliseCertificateNumber(params.number);
	const cert = number ? findCertificate(number) : null;
	if (!cert) {
		recordFailure(limitKey);
		return { outcome: number ? ('unknown' as const) : ('bad_number' as const), typed: params.number };
	}
	const ownTownship = locals.user?.role === 'staff' && locals.user.townshipId === cert.townshipId;
	const holder = ownTownship || locals.user?.id === cert.userId;
	return {
		outcome: cert.revokedAt ? ('revoked' as const) : ('valid' as const),
		typed: params.number,
		certificate: {
			number: cert.number,
			holder: holder ? cert.learnerName : maskName(cert.learnerName),
			courseTitle: cert.courseTitle,
			issuedAt: cert.issuedAt,
			score: cert.score,
			township: cert.township,
			county: cert.county,
			revokedAt: cert.revokedAt,
			revokedReason: ownTownship ? cert.revokedReason : null
		},
		canRevoke: ownTownship && !cert.revokedAt
	};
};

export const actions: Actions = {
	revoke: async ({ params, request }) => {
		const staff = requireRole('staff');
		const reason = String((await request.formData()).get('reason') ?? '')
			.trim()
			.slice(0, 200);
		if (!reason) return fail(400, { reasonMissing: true });
		const number = normaliseCertificateNumber(params.number);
		if (!number || !revokeCertificate({ id: staff.id, townshipId: staff.townshipId! }, number, reason)) {
			return fail(404, { notFound: true });
		}
		return { revoked: true };
	}
};
