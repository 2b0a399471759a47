import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

// With one bar of signal (or a dead captive portal) the phone says it is online, the request goes out, and no answer
// ever comes. "This lesson is done" and "hand in" wait for the session check before they go into the outbox: the
// check must give up, and the phone go on as offline, or the learner's work waits with it until the app is closed.
it('gives up on a GET /api/me that is never answered, and the page goes on as offline', async () => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	// Answers nothing, ever; only an abort ends it, as a stalled connection in the browser.
	const fetch = vi.fn(
		(_input: unknown, init?: RequestInit) =>
			new Promise<Response>((_resolve, reject) => {
				init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
			})
	);
	vi.stubGlobal('fetch', fetch);
	vi.resetModules();
	const { SESSION_CHECK_MS, checkSession, sessionChecked } = await import('./session.ts');
	let settled = false;
	void sessionChecked.then(() => (settled = true));
	const checking = checkSession();
	await vi.advanceTimersByTimeAsync(SESSION_CHECK_MS - 1);
	expect(settled).toBe(false);
	await vi.advanceTimersByTimeAsync(1);
	vi.useRealTimers();
	await checking;
	expect(settled).toBe(true);
	expect(fetch).toHaveBeenCalledWith('/api/me', expect.objectContaining({ signal: expect.any(AbortSignal) }));
});
