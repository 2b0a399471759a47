// How the font reaches the production server. adapter-node runs `build/` alone: there is no src/ beside it.
// - `?url` names a public asset under /_app/immutable: the server would have to read it back through `read()` from
//   `$app/server` (which vitest and the command-line tools lack), and a service worker that precaches the build's
//   immutable files would push 4.6 MB of font onto every learner's phone.
// - `readFileSync(new URL('./fonts/…', import.meta.url))` is left as is by Vite in server code: at run time the URL
//   points beside a bundled chunk in build/server/chunks, where no font was copied (ENOENT).
// - `?inline` puts the font into the server bundle as a base64 data URL. It costs 6.2 MB on disk, but it cannot go
//   missing, needs no copy step or path guessing, and works the same in dev, vitest and the build. The dynamic import
//   makes Vite split it into its own chunk, loaded on the first certificate rather than at server start.
// pdf.spec.ts renders through this module; the build was checked by grepping build/server for the font chunk.

let fontBytes: Promise<Uint8Array> | undefined;

/** The bytes of WenQuanYi Micro Hei (face 0, TrueType), decoded once per process and then shared. */
export function certificateFontBytes(): Promise<Uint8Array> {
	if (!fontBytes) {
		fontBytes = import('./fonts/wqy-microhei.ttf?inline').then(({ default: dataUrl }) => {
			const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
			return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		});
		// A failed load is not kept, so the next certificate tries again instead of failing for the process's life.
		fontBytes.catch(() => (fontBytes = undefined));
	}
	return fontBytes;
}
