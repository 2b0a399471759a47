// Pictures as trainers upload them (a phone camera's 4 MB JPEG) made fit for learners' phones: at most 960 pixels
// wide (a 360-pixel screen at up to 2.7 device pixels per CSS pixel), WebP, turned upright. The original is kept
// beside the course, out of its size on a phone. Drawings (SVG) stay as they are.
import sharp from 'sharp';

export const PHONE_PICTURE = { maxWidth: 960, quality: 72 } as const;

const RASTER = /\.(png|jpe?g|webp)$/i;

/** Whether an uploaded file is a picture made smaller for phones. */
export const isRasterPicture = (name: string) => RASTER.test(name);

/**
 * The picture for phones: `<name>.webp` and its bytes. An already small WebP that would only grow is kept as it is.
 * Throws when the bytes are not a picture sharp can read.
 */
export async function pictureForPhones(name: string, bytes: Uint8Array): Promise<{ name: string; bytes: Uint8Array }> {
	const webpName = name.replace(RASTER, '.webp');
	const made = await sharp(bytes, { limitInputPixels: 50_000_000 })
		.rotate()
		.resize({ width: PHONE_PICTURE.maxWidth, withoutEnlargement: true })
		.webp({ quality: PHONE_PICTURE.quality })
		.toBuffer();
	if (/\.webp$/i.test(name) && made.byteLength >= bytes.byteLength) {
		const { width = 0 } = await sharp(bytes).metadata();
		if (width <= PHONE_PICTURE.maxWidth) return { name: webpName, bytes };
	}
	return { name: webpName, bytes: new Uint8Array(made) };
}
