// What an admin's records page and export cover, from the query string. A county's install holds one county,
// and its admins see all of it. A province's database holds several: admins then see one county at a time
// (`?county=`, by default the first by its official code), and within it the whole county or one township.
import { listCounties, listTownships } from '../admin/regions.ts';
import { parseId } from '../params.ts';
import type { RecordsScope } from './scope.ts';

export async function adminRecordsScope(query: URLSearchParams) {
	const counties = await listCounties();
	// An unknown county (or none asked for) is the first one: nothing of another county shows, nothing fails.
	const county =
		counties.length > 1 ? (counties.find((c) => c.id === parseId(query.get('county'))) ?? counties[0]) : null;
	const townships = await listTownships(county?.id ?? null);
	// A township outside the county is as unknown as one that does not exist: the whole county is shown.
	const chosen = townships.find((t) => t.id === parseId(query.get('township'))) ?? null;
	const scope: RecordsScope = chosen?.id ?? (county ? townships.map((t) => t.id) : null);
	return {
		/** The counties to choose from: none when the database holds only one. */
		counties: county ? counties.map((c) => ({ id: c.id, name: c.name })) : [],
		county: county && { id: county.id, name: county.name },
		townships,
		chosen,
		scope
	};
}
