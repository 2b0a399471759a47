import { checkSignIn, recordFailure } from '../auth/rate-limit.ts';
import type { Role } from '../db/schema.ts';
import { normaliseCertificateNumber } from './number.ts';
import { findCertificate, maskName } from './records.ts';

export interface Viewer {
	id: number;
	role: Role;
	townshipId: number | null;
}

export type Verification =
	| { outcome: 'rate_limited'; retryAfterMinutes: number }
	| { outcome: 'bad_number' | 'unknown' }
	| {
			outcome: 'valid' | 'revoked';
			certificate: {
				number: string;
				holder: string;
				courseTitle: string;
				issuedAt: Date;
				score: number;
				township: string;
				county: string;
				revokedAt: Date | null;
				revokedReason: string | null;
			};
			canRevoke: boolean;
	  };

/**
 * What anyone learns by typing a certificate number. The public sees the holder's name partly hidden; the
 * holder and the staff of the issuing township see it whole, and only those staff see why it was revoked.
 * Mistyped and unknown numbers count against the asker's address like failed sign-ins, so numbers cannot be
 * harvested by trying many.
 */
export async function verifyCertificate(
	typed: string,
	clientAddress: string,
	viewer: Viewer | null,
	now = new Date()
): Promise<Verification> {
	const limitKey = [`verify-ip:${clientAddress}`];
	const limit = await checkSignIn(limitKey, now);
	if (!limit.allowed) return { outcome: 'rate_limited', retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) };
	const number = normaliseCertificateNumber(typed);
	const cert = number ? await findCertificate(number) : null;
	if (!cert) {
		await recordFailure(limitKey, now);
		return { outcome: number ? 'unknown' : 'bad_number' };
	}
	const ownTownship = viewer?.role === 'staff' && viewer.townshipId === cert.townshipId;
	const holder = ownTownship || viewer?.id === cert.userId;
	return {
		outcome: cert.revokedAt ? 'revoked' : 'valid',
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
}
