/**
 * Runs `task` when the browser has nothing better to do (after the page's first work), or after `timeout` ms at
 * the latest. Safari and older WebViews lack requestIdleCallback: a timer after the load event stands in.
 * Returns a function that cancels it.
 */
export function whenIdle(task: () => void, timeout = 2000): () => void {
	let cancelled = false;
	let cancel = () => {};
	const run = () => {
		if (!cancelled) task();
	};
	const schedule = () => {
		if ('requestIdleCallback' in window) {
			const id = requestIdleCallback(run, { timeout });
			cancel = () => cancelIdleCallback(id);
		} else {
			const id = setTimeout(run, 200);
			cancel = () => clearTimeout(id);
		}
	};
	// Before the load event the page's own scripts, styles and pictures are still arriving: wait for it.
	if (document.readyState === 'complete') schedule();
	else window.addEventListener('load', schedule, { once: true });
	return () => {
		cancelled = true;
		window.removeEventListener('load', schedule);
		cancel();
	};
}
