import { handleSyncRequest } from '$lib/server/sync/request';
import type { RequestHandler } from './$types';

/** The outbox's endpoint (see handleSyncRequest for what it accepts and answers). */
export const POST: RequestHandler = ({ request, locals, url }) => handleSyncRequest(request, locals.user, url.origin);
