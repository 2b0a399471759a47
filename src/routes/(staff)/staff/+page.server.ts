import { requireRole } from '$lib/server/auth/guards';
import { listAwaitingApproval } from '$lib/server/enrolment/learner-access';
import { listLearners } from '$lib/server/enrolment/learners';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = ({ url }) => {
	const staff = requireRole('staff');
	const q = (url.searchParams.get('q') ?? '').slice(0, 50);
	const villageId = Number(url.searchParams.get('village')) || undefined;
	const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
	const { total, learners } = listLearners(staff.townshipId!, {
		q,
		villageId,
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	return {
		q,
		villageId: villageId ?? null,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		total,
		learners,
		awaiting: listAwaitingApproval(staff.townshipId!)
	};
};
