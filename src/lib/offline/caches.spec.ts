import { describe, expect, it } from 'vitest';
import { markedShared, mayKeepInSavedCourse, mayKeepShared, neverKept, offlinePathFor } from './caches.ts';

const at = (path: string) => new URL(path, 'https://learn.example');

describe('neverKept', () => {
	const never = [
		'/staff',
		'/staff/learners/12',
		'/staff/learners/12/__data.json',
		'/en/staff/records',
		'/admin/accounts',
		'/trainer/courses/shop-accounts/__data.json',
		'/me',
		'/en/me/__data.json',
		'/password',
		'/login',
		'/api/sync',
		'/certificates/0000000000A.pdf',
		'/en/certificates/0000000000A.json',
		'/courses/phone-safety/exam/result/00000000-0000-4000-8000-000000000000',
		'/courses/phone-safety/exam/result/00000000-0000-4000-8000-000000000000/__data.json'
	];
	const kept = [
		'/',
		'/__data.json',
		'/courses/phone-safety',
		'/courses/phone-safety/passwords-updates/__data.json',
		'/courses/phone-safety/exam',
		'/en/courses/phone-safety',
		'/certificates',
		'/staffing-tips',
		'/verify/0000000000A'
	];
	it.each(never)('never keeps %s', (path) => expect(neverKept(at(path))).toBe(true));
	it.each(kept)('may keep %s', (path) => expect(neverKept(at(path))).toBe(false));
});

describe('markedShared', () => {
	const cases: [string | null, boolean][] = [
		['no-cache', true],
		[null, false],
		['public, max-age=60', true],
		['no-store', false],
		['private, max-age=3600', false],
		['No-Store', false],
		['max-age=0, private', false]
	];
	it.each(cases)('Cache-Control %s', (value, shared) =>
		expect(markedShared(new Headers(value === null ? {} : { 'cache-control': value }))).toBe(shared)
	);
});

describe('what the worker and a saved course may keep', () => {
	const page = (cacheControl: string, status = 200) =>
		new Response('<p>课</p>', { status, headers: { 'cache-control': cacheControl } });

	it('keeps a shared page for everyone, never a personal one', () => {
		// Responses made here have type "default"; the worker only keeps same-site ("basic") answers.
		const sameSite = (response: Response) => Object.defineProperty(response, 'type', { value: 'basic' });
		expect(mayKeepShared(at('/courses/a'), sameSite(page('no-cache')))).toBe(true);
		expect(mayKeepShared(at('/courses/a'), page('no-cache'))).toBe(false);
		expect(mayKeepShared(at('/courses/a'), sameSite(page('no-store')))).toBe(false);
		expect(mayKeepShared(at('/courses/a'), sameSite(page('no-cache', 404)))).toBe(false);
		expect(mayKeepShared(at('/staff'), sameSite(page('no-cache')))).toBe(false);
	});

	it('keeps the exam page saved without a ticket in a saved course, never the ticketed page or a result', () => {
		expect(mayKeepInSavedCourse(at('/courses/a/exam'), page('no-cache'))).toBe(true);
		expect(mayKeepInSavedCourse(at('/courses/a/exam'), page('no-store'))).toBe(false);
		expect(mayKeepInSavedCourse(at('/courses/a/exam/result/x'), page('no-cache'))).toBe(false);
		expect(mayKeepInSavedCourse(at('/courses/a/exam'), page('no-cache', 500))).toBe(false);
	});
});

describe('offlinePathFor', () => {
	it('answers in the language of the address', () => {
		expect(offlinePathFor(at('/learning'))).toBe('/offline');
		expect(offlinePathFor(at('/en/learning'))).toBe('/en/offline');
		expect(offlinePathFor(at('/en'))).toBe('/en/offline');
		expect(offlinePathFor(at('/energy'))).toBe('/offline');
	});
});
