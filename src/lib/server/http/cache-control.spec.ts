import { describe, expect, it } from 'vitest';
import { SHARED_ROUTES, cacheRuleFor, type AnswerFacts } from './cache-control.ts';

const answer = (facts: Partial<AnswerFacts> & { path: string }): AnswerFacts => ({
	method: 'GET',
	routeId: null,
	status: 200,
	setsCookie: false,
	...facts,
	url: new URL(facts.path, 'https://learn.example')
});

describe('cacheRuleFor', () => {
	const cases: [string, AnswerFacts, 'no-cache' | 'no-store'][] = [
		['a shared route', answer({ path: '/issuer', routeId: '/issuer' }), 'no-cache'],
		[
			'a shared route that renews the session cookie',
			answer({ path: '/issuer', routeId: '/issuer', setsCookie: true }),
			'no-store'
		],
		['a shared route answering an error', answer({ path: '/issuer', routeId: '/issuer', status: 404 }), 'no-store'],
		['a shared route asked with a POST', answer({ path: '/issuer', routeId: '/issuer', method: 'POST' }), 'no-store'],
		[
			'the exam page as saved for offline (no ticket in it)',
			answer({ path: '/courses/x/exam', routeId: '/(learner)/courses/[course]/exam', saving: true }),
			'no-cache'
		],
		[
			'the exam page with the learner’s ticket',
			answer({ path: '/courses/x/exam', routeId: '/(learner)/courses/[course]/exam' }),
			'no-store'
		],
		[
			'a lesson (its load says nothing of who asks)',
			answer({ path: '/courses/a/b', routeId: '/(learner)/courses/[course]/[lesson]' }),
			'no-cache'
		],
		['a staff page', answer({ path: '/staff/learners/1', routeId: '/(staff)/staff/learners/[id]' }), 'no-store'],
		[
			'a certificate file',
			answer({ path: '/certificates/ABC.pdf', routeId: '/(learner)/certificates/[number].pdf' }),
			'no-store'
		],
		['an address no route answers', answer({ path: '/nowhere' }), 'no-store']
	];
	it.each(cases)('%s', (_, facts, rule) => expect(cacheRuleFor(facts)).toBe(rule));
});

describe('SHARED_ROUTES', () => {
	it('lists no route under an address that is never kept on the phone', () => {
		const privateGroups = /^\/\((?:staff|admin|trainer|auth)\)|^\/(?:me|api)(?:\/|$)|\/exam\/result|\.(?:pdf|json)\]?$/;
		expect([...SHARED_ROUTES].filter((id) => privateGroups.test(id))).toEqual([]);
	});
});
