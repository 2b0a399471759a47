import { crc32, deflateRawSync } from 'node:zlib';

/** Test-only: XLSX files built byte by byte, for the shapes no spreadsheet program writes (bombs, lying sizes). */

export interface ZipEntry {
	name: string;
	data: string | Buffer;
	/** Uncompressed size written in the headers, when it should lie about the real one. */
	declaredSize?: number;
}

/** A ZIP archive of deflated entries with a central directory, as Excel writes it (fast, not small). */
export function zip(entries: ZipEntry[]): Uint8Array {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data;
		const packed = deflateRawSync(data, { level: 1 });
		const name = Buffer.from(entry.name);
		const fields = (header: Buffer, at: number) => {
			header.writeUInt16LE(20, at); // version needed
			header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
			header.writeUInt16LE(8, at + 4); // deflate
			header.writeUInt32LE(0, at + 6); // time and date
			header.writeUInt32LE(crc32(data) >>> 0, at + 10);
			header.writeUInt32LE(packed.length, at + 14);
			header.writeUInt32LE(entry.declaredSize ?? data.length, at + 18);
			header.writeUInt16LE(name.length, at + 22);
		};
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		fields(local, 4);
		const dir = Buffer.alloc(46);
		dir.writeUInt32LE(0x02014b50, 0);
		dir.writeUInt16LE(20, 4); // version made by
		fields(dir, 6);
		dir.writeUInt32LE(offset, 42);
		parts.push(local, name, packed);
		central.push(dir, name);
		offset += local.length + name.length + packed.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...parts, directory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * The parts around one sheet, so a sheet's XML can be tried on its own; `sheet` may be a huge string.
 * A shared string starting with "<" is the inside of its `<si>` (rich text), any other is plain text.
 */
export function xlsxEntries(sheet: string | Buffer, sharedStrings: string[] = [], sheetSize?: number): ZipEntry[] {
	const strings = sharedStrings.map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t>${s}</t></si>`)).join('');
	return [
		{
			name: '[Content_Types].xml',
			data:
				'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
				'<Default Extension="xml" ContentType="application/xml"/>' +
				'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
				'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
				'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
				'</Types>'
		},
		{
			name: '_rels/.rels',
			data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		},
		{
			name: 'xl/workbook.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			data:
				`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
				`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
		},
		{ name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: sheetSize },
		{
			name: 'xl/sharedStrings.xml',
			data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${sharedStrings.length}" uniqueCount="${sharedStrings.length}">${strings}</sst>`
		}
	];
}

/** A worksheet's XML around the given rows' XML. */
export function sheetXml(rows: string): string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}
