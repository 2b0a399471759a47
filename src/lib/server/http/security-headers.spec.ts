import { describe, expect, it } from 'vitest';
import { PLAIN_HTML_CSP, withSecurityHeaders } from './security-headers.ts';

const html = (headers: Record<string, string>) => new Response('<p>hi</p>', { headers });

describe('withSecurityHeaders', () => {
	it('adds nosniff, the referrer policy and no framing to every response', () => {
		const out = withSecurityHeaders(new Response('{}', { headers: { 'content-type': 'application/json' } }));
		expect(Object.fromEntries(out.headers)).toEqual({
			'content-type': 'application/json',
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin',
			'x-frame-options': 'DENY'
		});
	});

	it('names the charset of HTML and keeps the page policy SvelteKit set', () => {
		const out = withSecurityHeaders(
			html({ 'content-type': 'text/html', 'content-security-policy': "script-src 'self'" })
		);
		expect(out.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(out.headers.get('content-security-policy')).toBe("script-src 'self'");
		expect(withSecurityHeaders(html({ 'content-type': 'text/html;charset=UTF-8' })).headers.get('content-type')).toBe(
			'text/html;charset=UTF-8'
		);
	});

	it('gives HTML without a policy (an endpoint’s plain error page) one that runs no script and cannot be framed', () => {
		const out = withSecurityHeaders(html({ 'content-type': 'text/html' }));
		expect(out.headers.get('content-security-policy')).toBe(PLAIN_HTML_CSP);
		expect(PLAIN_HTML_CSP).toContain("default-src 'none'");
		expect(PLAIN_HTML_CSP).toContain("frame-ancestors 'none'");
	});

	it('leaves a prerendered page’s type alone, so it is still written to disk as .html', () => {
		const out = withSecurityHeaders(html({ 'content-type': 'text/html' }), true);
		expect(out.headers.get('content-type')).toBe('text/html');
		expect(out.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('copies a response whose headers cannot change', () => {
		const out = withSecurityHeaders(Response.redirect('https://learn.example.cn/login', 303));
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('https://learn.example.cn/login');
		expect(out.headers.get('x-frame-options')).toBe('DENY');
	});
});
