import { describe, expect, it } from 'vitest';
import { missingAssets } from './stale-pages.ts';

describe('missingAssets', () => {
	const current = new Set(['/_app/immutable/entry/start.NEW.js', '/_app/immutable/assets/0.NEW.css']);

	it('finds the files of another version, however the page names them', () => {
		const html = `<link href="../../_app/immutable/assets/0.OLD.css" rel="stylesheet">
			<link rel="modulepreload" href="/_app/immutable/entry/start.NEW.js">
			<script>import("../../_app/immutable/entry/app.OLD.js")</script>`;
		expect(missingAssets(html, current)).toEqual([
			'/_app/immutable/assets/0.OLD.css',
			'/_app/immutable/entry/app.OLD.js'
		]);
	});

	it('finds nothing in a page of this version, or in one that names no app file', () => {
		expect(missingAssets('<script src="./_app/immutable/entry/start.NEW.js"></script>', current)).toEqual([]);
		expect(missingAssets('<p>离线页面</p>', current)).toEqual([]);
	});
});
