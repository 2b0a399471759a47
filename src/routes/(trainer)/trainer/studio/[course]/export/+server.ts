import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { courseArchive } from '$lib/server/content/archive';
import { versionsOf } from '$lib/server/content/library';
import type { RequestHandler } from './$types';

/** A version of the course (?version=<number>; the newest by default) as a .zip of its folder. */
export const GET: RequestHandler = async ({ params, url }) => {
	requireRole('trainer', 'admin');
	const versions = await versionsOf(params.course);
	const asked = url.searchParams.get('version');
	const version = asked ? versions.find((v) => String(v.number) === asked) : versions[0];
	const archive = version && (await courseArchive(version.id));
	if (!archive) error(404, 'Not found');
	return new Response(archive.body, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${archive.folder}-v${version.number}.zip"`
		}
	});
};
