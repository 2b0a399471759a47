import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseFrontMatter } from '../../../src/lib/content/format.js';
import { newLearner, signIn } from '../helpers';
import { controlledByServiceWorker } from './phone';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

const COURSE = 'phone-safety';
const FOLDER = 'content/courses/03-phone-safety';
const lessons = readdirSync(FOLDER).filter((f) => /^\d{2}-.*\.md$/.test(f));
const narration = (file: string) => parseFrontMatter(readFileSync(`${FOLDER}/${file}`, 'utf8')).data?.audio as string;

test('a saved course keeps its narration: offline, each lesson plays its recording from the phone', async ({
	page,
	context
}) => {
	test.slow();
	// Every lesson of the course has a recording (see its NOTICE.txt).
	expect(lessons.length).toBeGreaterThan(0);
	for (const file of lessons) expect(narration(file), file).toMatch(/\.mp3$/);

	const learner = newLearner();
	await signIn(page, learner);
	await page.goto(`/courses/${COURSE}`);
	await controlledByServiceWorker(page);
	// The worker's precache (the app's code) holds no recording: only those who save a course take them.
	const precached = await page.evaluate(async () => {
		const found: string[] = [];
		for (const name of await caches.keys()) {
			if (!name.includes('precache')) continue;
			for (const request of await (await caches.open(name)).keys()) found.push(request.url);
		}
		return found;
	});
	expect(precached.length).toBeGreaterThan(0);
	expect(precached.filter((url) => /\.mp3/.test(url))).toEqual([]);

	await page.getByRole('button', { name: '存到手机，离线学习' }).click();
	await expect(page.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 60_000 });
	// Recordings and all, the saved course stays within 2 MB on the phone.
	const savedText = await page.getByText(/已存到手机（/).innerText();
	const [, amount, unit] = savedText.match(/（([\d.,]+)\s*(kB|MB|GB)/)!;
	const savedKb = Number(amount.replace(/,/g, '')) * { kB: 1, MB: 1024, GB: 1024 ** 2 }[unit as 'kB' | 'MB' | 'GB'];
	console.log(`saved course with narration: ${savedText}`);
	expect(savedKb).toBeLessThanOrEqual(2 * 1024);
	const savedRecordings = await page.evaluate(async (course) => {
		const cache = await caches.open(`course:${course}`);
		return (await cache.keys()).map((r) => new URL(r.url).pathname).filter((path) => path.endsWith('.mp3'));
	}, COURSE);
	expect(savedRecordings).toHaveLength(lessons.length);

	await context.setOffline(true);
	for (const file of lessons) {
		const slug = file.replace(/^\d{2}-|\.md$/g, '');
		await page.goto(`/courses/${COURSE}/${slug}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		// This browser has no Chinese voice, so the lesson offers its recording.
		const player = page.locator('article audio');
		await expect(player).toHaveCount(1);
		const src = await player.getAttribute('src');
		// Served by the hash of its bytes, under its own name: /media/<sha-256>/01-mobile-payment.mp3.
		const sha256 = createHash('sha256')
			.update(readFileSync(`${FOLDER}/${narration(file)}`))
			.digest('hex');
		expect(src).toBe(`/media/${sha256}/${narration(file)}`);
		const expectedBytes = statSync(`${FOLDER}/${narration(file)}`).size;
		// The recording, whole and in the piece a player asks for first, comes from the phone.
		const loaded = await page.evaluate(async (url) => {
			const whole = await fetch(url);
			const piece = await fetch(url, { headers: { range: 'bytes=0-1023' } });
			return {
				status: whole.status,
				bytes: (await whole.arrayBuffer()).byteLength,
				pieceStatus: piece.status,
				pieceBytes: (await piece.arrayBuffer()).byteLength
			};
		}, src!);
		expect(loaded).toEqual({ status: 200, bytes: expectedBytes, pieceStatus: 206, pieceBytes: 1024 });
		// And the player itself reads it: its length is known, as when a learner presses play.
		const seconds = await player.evaluate(
			(audio: HTMLAudioElement) =>
				new Promise<number>((resolve, reject) => {
					audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
					audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)), {
						once: true
					});
					audio.preload = 'metadata';
					audio.load();
				})
		);
		expect(seconds, file).toBeGreaterThan(60);
	}
});
