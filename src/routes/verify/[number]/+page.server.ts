import { fail } from '@sveltejs/kit';
import { normaliseCertificateNumber } from '$lib/server/certificates/number';
import { revokeCertificate } from '$lib/server/certificates/records';
import { verifyCertificate } from '$lib/server/certificates/verify';
import { requireStaff } from '$lib/server/auth/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, getClientAddress, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return { ...(await verifyCertificate(params.number, getClientAddress(), locals.user ?? null)), typed: params.number };
};

export const actions: Actions = {
	revoke: async ({ params, request }) => {
		const staff = requireStaff();
		const reason = String((await request.formData()).get('reason') ?? '')
			.trim()
			.slice(0, 200);
		if (!reason) return fail(400, { reasonMissing: true });
		const number = normaliseCertificateNumber(params.number);
		if (!number || !(await revokeCertificate({ id: staff.id, townshipId: staff.townshipId }, number, reason))) {
			return fail(404, { notFound: true });
		}
		return { revoked: true };
	}
};
