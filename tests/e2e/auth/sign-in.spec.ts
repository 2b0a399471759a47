import { expect, test } from '@playwright/test';
import { BASE_URL, newLearner } from '../helpers';

test('after sign-in, a next address that only looks like a path does not leave the site', async ({ request }) => {
	const learner = newLearner();
	for (const next of ['/.//evil.example', '/%2e//evil.example', '/\\evil.example', '//evil.example']) {
		const response = await request.post(`/login?next=${encodeURIComponent(next)}`, {
			form: { identifier: learner.username, password: learner.password },
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status(), next).toBe(303);
		const location = response.headers()['location'];
		expect(new URL(location, BASE_URL).origin, `${next} → ${location}`).toBe(BASE_URL);
	}
});
