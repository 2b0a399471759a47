import { error } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { requireStaff } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { villages } from '$lib/server/db/schema';
import { householdsOfVillage } from '$lib/server/records/learners';
import type { PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';

export const load: PageServerLoad = ({ params }) => {
	const staff = requireStaff();
	const id = parseId(params.id);
	if (id === null) error(404, 'not found');
	const village = db
		.select({ id: villages.id, name: villages.name })
		.from(villages)
		.where(and(eq(villages.id, id), eq(villages.townshipId, staff.townshipId)))
		.get();
	if (!village) error(404, 'not found');
	return { village, households: householdsOfVillage(staff.townshipId, village.id) };
};
