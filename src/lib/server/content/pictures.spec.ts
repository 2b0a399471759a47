// A phone camera's photo made fit for learners' phones; the original kept, out of the course's size.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { courseBlobs, courseFiles, users } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { openDraft } from './drafts.ts';
import { fileList } from './library.ts';
import { pictureForPhones, PHONE_PICTURE } from './pictures.ts';
import { phoneBytes, publishDraft } from './publish.ts';
import { writeFile } from './studio.ts';
import { first, one } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => (env = await useFreshDatabase()));
afterEach(() => env.cleanup());

/** A noisy 3000 × 2000 photo, as a camera makes one (noise does not compress away). */
async function photo(): Promise<Uint8Array> {
	const width = 3000;
	const height = 2000;
	const pixels = Buffer.alloc(width * height * 3);
	for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
	return new Uint8Array(
		await sharp(pixels, { raw: { width, height, channels: 3 } })
			.jpeg({ quality: 90 })
			.toBuffer()
	);
}

describe('pictures for phones', () => {
	it('become WebP at most 960 pixels wide, far smaller; an unreadable file is refused', async () => {
		const original = await photo();
		const made = await pictureForPhones('tea-field.jpg', original);
		expect(made.name).toBe('tea-field.webp');
		const meta = await sharp(made.bytes).metadata();
		expect(meta.format).toBe('webp');
		expect(meta.width).toBe(PHONE_PICTURE.maxWidth);
		expect(made.bytes.byteLength).toBeLessThan(original.byteLength / 3);
		await expect(pictureForPhones('x.png', new TextEncoder().encode('not a picture'))).rejects.toThrow();
	});

	it('keep the original beside the draft and its next versions, never in the size on a phone', async () => {
		const trainer = (
			await one(
				env.db
					.insert(users)
					.values({ role: 'trainer', username: 'trainer-pictures', name: '老师', passwordHash: 'x' })
					.returning({ id: users.id })
			)
		).id;
		const draft = (await openDraft('raising-chickens', trainer))!;
		const before = phoneBytes(await fileList(draft.id));
		const original = await photo();
		const made = await pictureForPhones('tea-field.jpg', original);
		expect(await writeFile(draft.id, 1, trainer, made.name, made.bytes, original)).toMatchObject({ ok: true });
		expect(phoneBytes(await fileList(draft.id)) - before).toBe(made.bytes.byteLength);
		const kept = async (versionId: number) =>
			(
				await first(
					env.db
						.select({ size: courseBlobs.size })
						.from(courseFiles)
						.innerJoin(courseBlobs, eq(courseBlobs.sha256, courseFiles.originalSha256))
						.where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, 'tea-field.webp')))
				)
			)?.size;
		expect(await kept(draft.id)).toBe(original.byteLength);
		expect(await publishDraft(draft.id, 2, trainer)).toMatchObject({ ok: true });
		expect(await kept((await openDraft('raising-chickens', trainer))!.id)).toBe(original.byteLength);
	});
});
