// Vite's module loader alone, for command-line tools that run the app's server code from source (the demo seed,
// the in-process sync bench, the second writer of the sync concurrency test). That code once read the courses with
// import.meta.glob; they are in the database now, and plain tsx loads it too (not switched yet). None of the
// project's plugins: they would cost most of the start-up (the translations plugin compiled the messages again).
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
