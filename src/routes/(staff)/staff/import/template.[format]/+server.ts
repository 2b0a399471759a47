import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guards';
import { rosterTemplateCsv, rosterTemplateXlsx } from '$lib/server/enrolment/template';
import type { RequestHandler } from './$types';

/** The roster template, in the two formats staff can fill in with Excel or WPS. */
export const GET: RequestHandler = async ({ params }) => {
	requireStaff();
	const name = encodeURIComponent('学员名单模板');
	if (params.format === 'csv') {
		return new Response(rosterTemplateCsv(), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="roster-template.csv"; filename*=UTF-8''${name}.csv`
			}
		});
	}
	if (params.format === 'xlsx') {
		return new Response(new Uint8Array(await rosterTemplateXlsx()), {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${name}.xlsx`
			}
		});
	}
	error(404, 'not found');
};
