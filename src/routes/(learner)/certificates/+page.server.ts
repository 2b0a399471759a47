import type { PageServerLoad } from './$types';

// A learner's certificates come from the phone's progress store (this page may be a stored copy, the same for
// everyone); the server only says where the verification links point.
export const load: PageServerLoad = ({ url }) => ({ origin: url.origin });
