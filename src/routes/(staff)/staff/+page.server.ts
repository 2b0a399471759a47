import { requireStaff } from '$lib/server/auth/guards';
import { listAwaitingApproval } from '$lib/server/enrolment/learner-access';
import { listLearners } from '$lib/server/enrolment/learners';
import { followUpList, type FollowUpReason } from '$lib/server/followup/list';
import type { PageServerLoad } from './$types';
import { boundedInt, parseId } from '$lib/server/params';

const PAGE_SIZE = 50;
/** 5 million learners: more than any township; a larger ?page= is this one. */
const MAX_PAGE = 100_000;

export const load: PageServerLoad = async ({ url }) => {
	const staff = requireStaff();
	const q = (url.searchParams.get('q') ?? '').slice(0, 50);
	const villageId = parseId(url.searchParams.get('village')) ?? undefined;
	const page = boundedInt(url.searchParams.get('page'), { min: 1, max: MAX_PAGE, fallback: 1 });
	// "Needs help": the follow-up list's learners and reasons (one rule for the list, the printout and this filter).
	const needsHelp = url.searchParams.get('help') === '1';
	const help = needsHelp ? await followUpList(staff.townshipId) : null;
	const { total, learners } = await listLearners(staff.townshipId, {
		q,
		villageId,
		onlyIds: help?.map((e) => e.userId),
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	const reasons = new Map(help?.map((e) => [e.userId, e.reasons]));
	return {
		q,
		villageId: villageId ?? null,
		needsHelp,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		total,
		learners: learners.map((l) => ({ ...l, helpReasons: reasons.get(l.id) ?? ([] as FollowUpReason[]) })),
		awaiting: await listAwaitingApproval(staff.townshipId)
	};
};
