// Vite's module loader alone, for command-line tools that run the app's server code from source (the demo seed,
// the in-process sync bench, the second writer of the sync concurrency test): that code reads the courses with
// import.meta.glob, as the built app does, so it needs Vite, but none of the project's plugins. They would cost
// most of the start-up: the translations plugin alone compiled the messages again, 5 of the demo seed's 13 s.
// The messages are compiled already, on install (`prepare`) and before every build, test run and dev server.
import { createServer, type ViteDevServer } from 'vite';

export function moduleLoader(): Promise<ViteDevServer> {
	return createServer({
		configFile: false,
		appType: 'custom',
		logLevel: 'error',
		server: { middlewareMode: true, hmr: false, watch: null }
	});
}
