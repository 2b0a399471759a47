// ZIP files written as a stream (the records' XLSX export, a course's folder): no ZIP64, so at most 4 GB.
import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';

/** Deflates a sequence of chunks through one raw deflate stream, yielding its output as it comes. */
async function* deflated(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	const deflate = createDeflateRaw({ level: 6 });
	const out: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => out.push(chunk));
	const ended = once(deflate, 'end');
	for await (const chunk of chunks) {
		// The next chunk is made only once zlib has taken this one.
		await new Promise<void>((resolve, reject) => deflate.write(chunk, (error) => (error ? reject(error) : resolve())));
		while (out.length) yield out.shift()!;
	}
	deflate.end();
	await ended;
	while (out.length) yield out.shift()!;
}

/** MS-DOS time and date of a moment (the ZIP format's). */
function dosDateTime(at: Date): { time: number; date: number } {
	return {
		time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
		date: ((at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate()
	};
}

const FLAGS = 0x0808; // sizes in a data descriptor after the data; names in UTF-8
const DEFLATE = 8;
const MAX_32 = 0xffffffff;

/**
 * A ZIP of the entries, written as it is read: each entry deflated through one stream, its sizes and CRC in a data
 * descriptor after it, so no entry is ever held whole.
 */
export async function* zipStream(
	entries: { name: string; chunks: Iterable<Buffer> | AsyncIterable<Buffer> }[],
	at: Date
): AsyncGenerator<Buffer> {
	const { time, date } = dosDateTime(at);
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(FLAGS, 6);
		local.writeUInt16LE(DEFLATE, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt16LE(name.length, 26);
		const start = offset;
		yield Buffer.concat([local, name]);
		offset += 30 + name.length;

		let crc = 0;
		let size = 0;
		let compressed = 0;
		const counted = (async function* () {
			for await (const chunk of entry.chunks) {
				crc = crc32(chunk, crc);
				size += chunk.length;
				yield chunk;
			}
		})();
		for await (const chunk of deflated(counted)) {
			compressed += chunk.length;
			yield chunk;
		}
		if (size > MAX_32 || compressed > MAX_32) throw new Error('zip: an entry is larger than 4 GB');
		offset += compressed;
		const descriptor = Buffer.alloc(16);
		descriptor.writeUInt32LE(0x08074b50, 0);
		descriptor.writeUInt32LE(crc >>> 0, 4);
		descriptor.writeUInt32LE(compressed, 8);
		descriptor.writeUInt32LE(size, 12);
		yield descriptor;
		offset += 16;

		const header = Buffer.alloc(46);
		header.writeUInt32LE(0x02014b50, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(20, 6);
		header.writeUInt16LE(FLAGS, 8);
		header.writeUInt16LE(DEFLATE, 10);
		header.writeUInt16LE(time, 12);
		header.writeUInt16LE(date, 14);
		header.writeUInt32LE(crc >>> 0, 16);
		header.writeUInt32LE(compressed, 20);
		header.writeUInt32LE(size, 24);
		header.writeUInt16LE(name.length, 28);
		header.writeUInt32LE(start, 42);
		central.push(header, name);
	}
	if (offset > MAX_32) throw new Error('zip: the file is larger than 4 GB');
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	yield Buffer.concat([directory, end]);
}
