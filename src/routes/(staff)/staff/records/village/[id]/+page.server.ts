import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { requireStaff } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { villages } from '$lib/server/db/schema';
import { householdsOfVillage } from '$lib/server/records/learners';
import type { PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';
import { first } from '$lib/server/db/dialect';

export const load: PageServerLoad = async ({ params }) => {
	const staff = requireStaff();
	const id = parseId(params.id);
	if (id === null) error(404, 'not found');
	const village = await first(
		db
			.select({ id: villages.id, name: villages.name })
			.from(villages)
			.where(and(eq(villages.id, id), eq(villages.townshipId, staff.townshipId)))
	);
	if (!village) error(404, 'not found');
	return { village, households: await householdsOfVillage(staff.townshipId, village.id) };
};
