import type { LayoutServerLoad } from './$types';

// Who is signed in, for the header and the offline outbox (which keeps each learner's records apart).
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { id: locals.user.id, name: locals.user.name, role: locals.user.role } : null
});
