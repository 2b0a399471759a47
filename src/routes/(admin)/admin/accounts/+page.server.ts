import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import {
	createWorkerAccount,
	listWorkerAccounts,
	resetWorkerPassword,
	setWorkerDisabled,
	unlockWorkerSignIn,
	WORKER_ROLES
} from '$lib/server/admin/accounts';
import { listTownshipsWithVillages } from '$lib/server/admin/regions';
import { requireRole } from '$lib/server/auth/guards';
import { fieldErrors, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';

const accountSchema = z
	.object({
		role: z.enum(WORKER_ROLES, 'error_required'),
		name: z.string().trim().min(1, 'error_required').max(40, 'error_too_long'),
		username: z
			.string()
			.trim()
			.regex(/^[a-z0-9_-]{3,30}$/, 'error_username_format'),
		townshipId: z.string()
	})
	.superRefine((v, ctx) => {
		if (v.role === 'staff' && !v.townshipId)
			ctx.addIssue({ code: 'custom', path: ['townshipId'], message: 'error_required' });
	});

export const load: PageServerLoad = async () => {
	const admin = requireRole('admin');
	return {
		selfId: admin.id,
		accounts: await listWorkerAccounts(),
		townships: (await listTownshipsWithVillages()).map((t) => ({ id: t.id, name: t.name }))
	};
};

async function targetId(request: Request): Promise<number> {
	const id = parseId((await request.formData()).get('id'));
	if (id === null) error(404, 'not found');
	return id;
}

export const actions: Actions = {
	create: async ({ request }) => {
		const admin = requireRole('admin');
		const values = formValues(await request.formData(), ['role', 'name', 'username', 'townshipId']);
		const parsed = accountSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const { role, name, username, townshipId } = parsed.data;
		const result = await createWorkerAccount(admin.id, {
			role,
			name,
			username,
			// Not a township id at all is refused as an unknown township (-1 matches none).
			townshipId: townshipId ? (parseId(townshipId) ?? -1) : null
		});
		if (!result.ok) return fail(400, { values, errors: { [result.field]: result.error } });
		return { temporary: { username, password: result.temporaryPassword } };
	},
	reset: async ({ request }) => {
		const admin = requireRole('admin');
		const id = await targetId(request);
		const password = await resetWorkerPassword(admin.id, id);
		if (!password) error(404, 'not found');
		const account = (await listWorkerAccounts()).find((a) => a.id === id)!;
		return { temporary: { username: account.username, password } };
	},
	unlock: async ({ request }) => {
		const admin = requireRole('admin');
		if (!(await unlockWorkerSignIn(admin.id, await targetId(request)))) error(404, 'not found');
		return { unlocked: true };
	},
	disable: async ({ request }) => {
		const admin = requireRole('admin');
		const form = await request.formData();
		const id = parseId(form.get('id'));
		if (id === null) error(404, 'not found');
		// Refused before anything else: an admin who locked themself out might leave the county with no admin.
		if (id === admin.id) return fail(400, { refused: 'disable_self_refused' as const });
		const account = (await listWorkerAccounts()).find((a) => a.id === id);
		if (!account) error(404, 'not found');
		// The first press only asks; the confirm form sends confirm=yes (no JavaScript needed).
		if (form.get('confirm') !== 'yes') {
			return { confirmDisable: { id, name: account.name, username: account.username } };
		}
		if (!(await setWorkerDisabled(admin.id, id, true))) error(404, 'not found');
		return { saved: true };
	},
	enable: async ({ request }) => {
		const admin = requireRole('admin');
		if (!(await setWorkerDisabled(admin.id, await targetId(request), false))) error(404, 'not found');
		return { saved: true };
	}
};
