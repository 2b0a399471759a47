import { fail } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guards';
import { searchHouseholds } from '$lib/server/enrolment/household-search';
import { EnrolmentError } from '$lib/server/enrolment/errors';
import { keepPreview, takePreview } from '$lib/server/enrolment/pending-imports';
import { applyRoster } from '$lib/server/enrolment/roster-apply';
import { parseRosterFile } from '$lib/server/enrolment/roster-parse';
import { validateRoster } from '$lib/server/enrolment/roster-validate';
import type { Actions, PageServerLoad } from './$types';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SHOWN_PROBLEMS = 300;
const SHOWN_ROWS = 20;

export const load: PageServerLoad = async ({ url }) => {
	const staff = requireStaff();
	const find = (url.searchParams.get('find') ?? '').slice(0, 40);
	return { find, matches: await searchHouseholds(staff.townshipId, find) };
};

export const actions: Actions = {
	preview: async ({ request }) => {
		const staff = requireStaff();
		const file = (await request.formData()).get('roster');
		if (!(file instanceof File) || file.size === 0) return fail(400, { fileError: 'staff_import_no_file' });
		if (file.size > MAX_FILE_BYTES) return fail(400, { fileError: 'staff_import_too_big' });
		const parsed = await parseRosterFile(new Uint8Array(await file.arrayBuffer()), file.name);
		const preview = await validateRoster(parsed, staff.townshipId);
		const summary = {
			fileName: preview.fileName,
			newHouseholds: preview.newHouseholds,
			existingHouseholds: preview.existingHouseholds,
			newLearners: preview.newLearners,
			ignoredColumns: preview.ignoredColumns,
			problemCount: preview.problems.length,
			problems: preview.problems.slice(0, SHOWN_PROBLEMS),
			rows: preview.rows
				.slice(0, SHOWN_ROWS)
				.map((r) => ({ row: r.row, name: r.name, householdCode: r.householdCode, phone: r.phone }))
		};
		if (preview.problems.length || preview.rows.length === 0) return fail(400, { preview: summary });
		return { preview: summary, pendingId: await keepPreview(staff.id, preview) };
	},
	apply: async ({ request }) => {
		const staff = requireStaff();
		const pendingId = String((await request.formData()).get('pendingId') ?? '');
		const preview = await takePreview(staff.id, pendingId);
		if (!preview) return fail(400, { fileError: 'staff_import_expired' });
		try {
			const applied = await applyRoster(preview, { actorId: staff.id, townshipId: staff.townshipId });
			return { applied };
		} catch (e) {
			if (e instanceof EnrolmentError) return fail(400, { fileError: 'staff_import_stale' });
			throw e;
		}
	}
};
