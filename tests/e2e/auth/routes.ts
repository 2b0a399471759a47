// Every route of the app with who may use it, read by the access test and the headers test.
// A new route fails the access test until it is listed here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { query } from '../helpers';

export interface Rule {
	/** Roles that may use it; 'anyone' for public routes, 'signed-in' for any account. */
	allow: 'anyone' | 'signed-in' | string[];
	/** A concrete address for the route id (parameters filled in). */
	path?: () => string;
	/** Only checked with a POST (e.g. sign-out has no page of its own). */
	noGet?: boolean;
	/** Actions with their own rule (a public page whose form needs an account). */
	actions?: Record<string, Rule['allow']>;
}

export const jinheLearnerId = () =>
	query<{ id: number }>(
		`select u.id from users u join households h on h.id = u.household_id join villages v on v.id = h.village_id
		 join townships t on t.id = v.township_id where t.code = '532530101' and u.role = 'learner' order by u.id limit 1`
	)[0].id;

// The demo's closed opportunity of 金河镇: the access test posts every action to it, and closing it again changes nothing.
const closedOpportunityId = () =>
	query<{ id: number }>(
		`select o.id from opportunities o join townships t on t.id = o.township_id
		 where t.code = '532530101' and o.closed_at is not null order by o.id limit 1`
	)[0].id;

const jinheVillageId = () => query<{ id: number }>(`select id from villages where code = '532530101201'`)[0].id;

export const RULES: Record<string, Rule> = {
	'/(learner)': { allow: 'anyone' },
	'/(learner)/courses/[course]': { allow: 'anyone', path: () => '/courses/raising-chickens' },
	'/(learner)/courses/[course]/[lesson]': {
		allow: 'anyone',
		path: () => '/courses/raising-chickens/chicken-house',
		// A learner's word on a lesson counts; a trainer trying the course has none to give.
		actions: { complete: 'signed-in', rate: ['learner'], notUnderstood: ['learner'] }
	},
	'/(trainer)/trainer': { allow: ['trainer', 'admin'] },
	'/(trainer)/trainer/courses/[course]': { allow: ['trainer', 'admin'], path: () => '/trainer/courses/shop-accounts' },
	// A course no one has: every action is posted here as every visitor, and must change no real course.
	'/(trainer)/trainer/studio/[course]': { allow: ['trainer', 'admin'], path: () => '/trainer/studio/access-check' },
	'/(trainer)/trainer/studio/[course]/[file]': {
		allow: ['trainer', 'admin'],
		path: () => '/trainer/studio/access-check/course.md'
	},
	'/(trainer)/trainer/studio/[course]/[file]/check': { allow: ['trainer', 'admin'], noGet: true },
	'/(trainer)/trainer/studio/new': { allow: ['trainer', 'admin'] },
	'/(trainer)/trainer/studio/help': { allow: ['trainer', 'admin'] },
	'/(trainer)/trainer/studio/[course]/export': {
		allow: ['trainer', 'admin'],
		path: () => '/trainer/studio/access-check/export'
	},
	'/(trainer)/trainer/studio/media/[sha]/[name]': {
		allow: ['trainer', 'admin'],
		path: () => `/trainer/studio/media/${'0'.repeat(64)}/x.svg`
	},
	'/media/[sha]/[name]': { allow: 'anyone', path: () => `/media/${'0'.repeat(64)}/x.svg` },
	'/(learner)/courses/[course]/exam': { allow: 'signed-in', path: () => '/courses/phone-safety/exam' },
	'/(learner)/courses/[course]/exam/result/[attempt]': {
		allow: 'signed-in',
		// Someone else's (or no) attempt is a 404 for everyone; what matters is that no one gets past sign-in.
		path: () => '/courses/phone-safety/exam/result/00000000-0000-4000-8000-000000000000',
		actions: { rate: ['learner'] }
	},
	'/(learner)/certificates/[number].pdf': { allow: 'signed-in', path: () => '/certificates/0000000000A.pdf' },
	'/(learner)/certificates/[number].json': { allow: 'signed-in', path: () => '/certificates/0000000000A.json' },
	'/verify': { allow: 'anyone' },
	'/verify/[number]': { allow: 'anyone', path: () => '/verify/0000000000A', actions: { revoke: ['staff'] } },
	'/issuer': { allow: 'anyone' },
	'/api/sync': { allow: 'anyone', noGet: true },
	'/api/me': { allow: 'anyone' },
	'/areas': { allow: 'anyone' },
	'/healthz': { allow: 'anyone' },
	'/language/[locale]': { allow: 'anyone', path: () => '/language/en?to=/' },
	'/(learner)/learning': { allow: 'anyone' },
	'/(learner)/certificates': { allow: 'anyone' },
	// The shell is the same for everyone; its figures come from /api/village, which answers learners only (401/403).
	'/(learner)/village': { allow: 'anyone' },
	'/api/village': { allow: 'anyone' },
	'/me': { allow: 'anyone' },
	'/(auth)/login': { allow: 'anyone' },
	'/(auth)/register': { allow: 'anyone' },
	'/(auth)/logout': { allow: 'anyone', noGet: true },
	'/(auth)/password': { allow: 'signed-in' },
	'/(admin)/admin': { allow: ['admin'] },
	'/(admin)/admin/accounts': { allow: ['admin'] },
	'/(staff)/staff': { allow: ['staff'] },
	'/(staff)/staff/codes': { allow: ['staff'] },
	'/(staff)/staff/import': { allow: ['staff'] },
	'/(staff)/staff/import/template.[format]': { allow: ['staff'], path: () => '/staff/import/template.csv' },
	'/(staff)/staff/learners/new': { allow: ['staff'] },
	'/(staff)/staff/records': { allow: ['staff'] },
	'/(staff)/staff/follow-up': { allow: ['staff'] },
	'/(staff)/staff/records/export': { allow: ['staff'], path: () => '/staff/records/export?format=csv' },
	'/(staff)/staff/records/village/[id]': { allow: ['staff'], path: () => `/staff/records/village/${jinheVillageId()}` },
	'/(admin)/admin/records': { allow: ['admin'] },
	'/(admin)/admin/records/export': { allow: ['admin'], path: () => '/admin/records/export?format=csv' },
	'/(admin)/admin/tokens': { allow: ['admin'] },
	'/(admin)/admin/ratings': { allow: ['admin'] },
	'/api/records': { allow: 'anyone' },
	'/(learner)/courses/[course]/offline.json': { allow: 'anyone', path: () => '/courses/phone-safety/offline.json' },
	'/offline': { allow: 'anyone' },
	'/(staff)/staff/learners/[id]': { allow: ['staff'], path: () => `/staff/learners/${jinheLearnerId()}` },
	'/(staff)/staff/print': { allow: ['staff'] },
	'/(staff)/staff/print/roster': { allow: ['staff'], path: () => `/staff/print/roster?village=${jinheVillageId()}` },
	'/(staff)/staff/print/needs-help': { allow: ['staff'] },
	'/(staff)/staff/print/ceremony': { allow: ['staff'], path: () => '/staff/print/ceremony?month=2026-11' },
	// No code of the township with this id is a 404 for staff; what matters here is who gets past the door.
	'/(staff)/staff/print/poster': { allow: ['staff'], path: () => '/staff/print/poster?code=1' },
	'/(admin)/admin/print': { allow: ['admin'] },
	'/(admin)/admin/print/roster': { allow: ['admin'], path: () => `/admin/print/roster?village=${jinheVillageId()}` },
	'/(admin)/admin/print/needs-help': { allow: ['admin'] },
	'/(admin)/admin/print/ceremony': { allow: ['admin'], path: () => '/admin/print/ceremony?month=2026-11' },
	'/(learner)/opportunities': { allow: 'anyone' },
	// Answers a learner only (401 / 403 for anyone else, checked by the route itself, like /api/me).
	'/api/opportunities': { allow: 'anyone' },
	'/(staff)/staff/opportunities': { allow: ['staff'] },
	'/(staff)/staff/opportunities/new': { allow: ['staff'] },
	'/(staff)/staff/opportunities/[id]': {
		allow: ['staff'],
		path: () => `/staff/opportunities/${closedOpportunityId()}`
	},
	'/(admin)/admin/opportunities': { allow: ['admin'] },
	'/(admin)/admin/opportunities/new': { allow: ['admin'] },
	'/(admin)/admin/opportunities/[id]': { allow: ['admin'], path: () => `/admin/opportunities/${closedOpportunityId()}` }
};

/** Route ids and their named form actions, read from src/routes. */
export function discoverRoutes(): { id: string; actions: string[] }[] {
	const root = 'src/routes';
	const found: { id: string; actions: string[] }[] = [];
	const walk = (dir: string) => {
		const files = readdirSync(dir);
		if (files.some((f) => /^\+(page\.svelte|page\.server\.ts|server\.ts)$/.test(f))) {
			const id = '/' + relative(root, dir).split('\\').join('/');
			let actions: string[] = [];
			if (files.includes('+page.server.ts')) {
				const source = readFileSync(join(dir, '+page.server.ts'), 'utf8');
				// The actions object alone; an action may be a function of its own (`rate,`).
				const block = source.split('export const actions')[1]?.split('\n};')[0];
				if (block) actions = [...block.matchAll(/^\t(\w+)(?:: |,?$)/gm)].map((m) => m[1]);
			}
			found.push({ id: id === '/' ? '/' : id.replace(/\/$/, ''), actions });
		}
		for (const f of files) if (statSync(join(dir, f)).isDirectory()) walk(join(dir, f));
	};
	walk(root);
	return found;
}

export const actionUrl = (path: string, action: string) => (action === 'default' ? path : `${path}?/${action}`);
export const pathOf = (id: string, rule: Rule) => rule.path?.() ?? (id.replace(/\/\([^)]+\)/g, '') || '/');
