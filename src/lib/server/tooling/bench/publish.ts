// Publishing a course in the studio, as a trainer does it, against the production build: a 10-lesson course with
// 20 pictures imported as a .zip, then published (checked, every page rendered, the version made live).
import { zipStream } from '../../files/zip.ts';
import type { BenchServer } from './server.ts';

/** A picture of roughly `bytes` bytes: a plant drawn with many small strokes (as a traced drawing would be). */
function picture(seed: number, bytes = 15_000): string {
	let path = '';
	let x = 60;
	let y = 60;
	for (let i = 0; path.length < bytes; i++) {
		x = (x + ((seed * 31 + i * 17) % 23) - 11 + 120) % 120;
		y = (y + ((seed * 7 + i * 13) % 19) - 9 + 120) % 120;
		path += `L${x} ${y}`;
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="240" height="240"><path d="M60 60${path}" fill="none" stroke="#2d6a2d"/></svg>\n`;
}

function courseFiles(): Record<string, string> {
	const files: Record<string, string> = {};
	files['course.md'] = [
		'---',
		'title: 发布测试课',
		'summary: 测一测发布一门课要多久。',
		'category: farming',
		'language: zh-CN',
		'level: beginner',
		'minutes: 100',
		'cover: p01.svg',
		'passMark: 60',
		'---',
		'',
		'这门课只用来测发布的速度。',
		'',
		'<!-- 资料来源',
		'- 测试用',
		'-->',
		''
	].join('\n');
	for (let p = 1; p <= 20; p++) files[`p${String(p).padStart(2, '0')}.svg`] = picture(p);
	for (let l = 1; l <= 10; l++) {
		const n = String(l).padStart(2, '0');
		const pictures = [2 * l - 1, 2 * l].map((p) => `p${String(p).padStart(2, '0')}.svg`);
		files[`${n}-lesson-${l}.md`] = [
			'---',
			`title: 第 ${l} 课`,
			'minutes: 10',
			'---',
			'',
			...Array.from({ length: 12 }, (_, i) => `第 ${i + 1} 段：这是一段课文，讲一件要记住的事。\n`),
			'<Tip>',
			'',
			'记住这一点。',
			'',
			'</Tip>',
			'',
			...pictures.map((src) => `![第 ${l} 课的图](${src})\n`),
			'```quiz',
			'单选：这一课讲了什么？',
			'- [x] 要记住的事',
			'- [ ] 别的事',
			'解释：课文里讲了。',
			'```',
			''
		].join('\n');
	}
	files['exam.md'] = [
		'---',
		'title: 考试',
		'---',
		'',
		'```quiz',
		...Array.from({ length: 10 }, (_, i) => [
			`单选：第 ${i + 1} 题？`,
			`- [x] 对 ${i + 1}`,
			`- [ ] 错 ${i + 1}`,
			'解释：课文里讲了。',
			`复习：${String(i + 1).padStart(2, '0')}-lesson-${i + 1}.md`,
			''
		]).flat(),
		'```',
		''
	].join('\n');
	return files;
}

async function zipOf(folder: string, files: Record<string, string>): Promise<Blob> {
	const chunks: Buffer[] = [];
	const entries = Object.entries(files).map(([name, text]) => ({
		name: `${folder}/${name}`,
		chunks: [Buffer.from(text)]
	}));
	for await (const chunk of zipStream(entries, new Date())) chunks.push(chunk);
	return new Blob([Buffer.concat(chunks)], { type: 'application/zip' });
}

/** Imports and publishes `runs` courses of 10 lessons and 20 pictures; the time of each publish, and its parts. */
export async function benchPublish(server: BenchServer, runs = 3): Promise<Record<string, unknown>> {
	const headers = { origin: server.origin, accept: 'text/html' };
	const login = await fetch(`${server.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ identifier: 'trainer', password: 'trainer-demo-2026' })
	});
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie) throw new Error('bench publish: the trainer could not sign in');
	const publishMs: number[] = [];
	let courseBytes = 0;
	for (let run = 0; run < runs; run++) {
		const slug = `bench-publish-${Date.now().toString(36)}-${run}`;
		const folder = `${90 + run}-${slug}`;
		const files = courseFiles();
		courseBytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
		const form = new FormData();
		form.set('archive', await zipOf(folder, files), `${folder}.zip`);
		const imported = await fetch(`${server.origin}/trainer/studio/new?/import`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...headers, cookie },
			body: form
		});
		if (imported.status !== 303) throw new Error(`bench publish: import answered ${imported.status}`);
		const page = await (await fetch(`${server.origin}/trainer/studio/${slug}`, { headers: { cookie } })).text();
		const revision = /name="revision" value="(\d+)"/.exec(page)?.[1];
		if (!revision) throw new Error('bench publish: no draft revision on the studio page');
		const started = performance.now();
		const published = await fetch(`${server.origin}/trainer/studio/${slug}?/publish`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ revision })
		});
		const text = await published.text();
		publishMs.push(Math.round(performance.now() - started));
		if (!text.includes('已发布第 1 版')) throw new Error(`bench publish: not published (${published.status})`);
	}
	return { lessons: 10, pictures: 20, courseKB: Math.round(courseBytes / 1024), publishMs, budgetMs: 10_000 };
}
