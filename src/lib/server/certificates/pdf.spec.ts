import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { renderCertificatePdf, qrModules, type CertificateData } from './pdf.ts';

const FONT_FILE_BYTES = readFileSync(new URL('./fonts/wqy-microhei.ttf', import.meta.url)).byteLength;

const zh: CertificateData = {
	number: '7K3MQ9XA2RB',
	learnerName: '李秀英',
	courseTitle: '生猪养殖与疫病防控',
	issuedAt: new Date('2025-05-19T16:30:00Z'),
	score: 92,
	township: '杨桥镇',
	county: '临泉县',
	verifyUrl: 'https://learn.example.cn/verify/7K3MQ9XA2RB',
	issuerName: '临泉县杨桥镇人民政府',
	locale: 'zh-CN'
};
const en: CertificateData = {
	...zh,
	learnerName: 'Li Xiuying',
	courseTitle: 'Pig farming and disease control',
	locale: 'en'
};

async function contentOf(page: PDFPage): Promise<string> {
	const contents = page.node.Contents();
	const streams =
		contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
	return streams
		.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1'))
		.join('\n');
}

function fontDicts(pdf: PDFDocument): PDFDict[] {
	return pdf.context
		.enumerateIndirectObjects()
		.map(([, object]) => object)
		.filter(
			(object): object is PDFDict => object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font')
		);
}

describe('renderCertificatePdf', () => {
	it('renders quickly enough to serve on request', async () => {
		let start = performance.now();
		await renderCertificatePdf(zh);
		const first = performance.now() - start;
		const runs = 5;
		start = performance.now();
		for (let i = 0; i < runs; i++) await renderCertificatePdf({ ...zh, score: 60 + i });
		console.log(
			`certificate PDF: first render ${first.toFixed(0)} ms, then ${((performance.now() - start) / runs).toFixed(0)} ms each`
		);
	});

	it.each([zh, en])('gives one A4 page under 100 KB with metadata ($locale)', async (data) => {
		const bytes = await renderCertificatePdf(data);
		console.log(`certificate PDF (${data.locale}): ${bytes.byteLength} bytes`);
		expect(bytes.byteLength).toBeLessThan(100_000);
		const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
		expect(pdf.getPageCount()).toBe(1);
		const { width, height } = pdf.getPage(0).getSize();
		expect(width).toBeCloseTo(595.28, 1);
		expect(height).toBeCloseTo(841.89, 1);
		expect(pdf.getTitle()).toContain(data.learnerName);
		expect(pdf.getTitle()).toContain(data.locale === 'zh-CN' ? '结业证书' : 'Certificate of Completion');
		expect(pdf.getAuthor()).toBe(data.issuerName);
		expect(pdf.getSubject()).toContain('7K3M-Q9XA-2RB');
		expect(pdf.getProducer()).toBe('Zhizhi Learn (pdf-lib)');
		expect(pdf.getCreationDate()?.getTime()).toBe(data.issuedAt.getTime());
		expect(pdf.getModificationDate()?.getTime()).toBe(data.issuedAt.getTime());
	});

	it('gives the same bytes for the same data, and different bytes for different data', async () => {
		const [a, b, c] = await Promise.all([renderCertificatePdf(zh), renderCertificatePdf(zh), renderCertificatePdf(en)]);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
		expect(Buffer.from(a).toString('latin1')).not.toMatch(/\/ID\s*\[/);
	});

	it('embeds only a subset of the font, named as a subset', async () => {
		const pdf = await PDFDocument.load(await renderCertificatePdf(zh));
		const fonts = fontDicts(pdf);
		const type0 = fonts.filter((font) => font.get(PDFName.of('Subtype')) === PDFName.of('Type0'));
		expect(type0).toHaveLength(1);
		expect(type0[0].get(PDFName.of('BaseFont'))?.toString()).toMatch(/^\/[A-Z]{6}\+WenQuanYiMicroHei$/);
		const descriptor = pdf.context
			.enumerateIndirectObjects()
			.map(([, object]) => object)
			.find((object) => object instanceof PDFDict && object.has(PDFName.of('FontFile2'))) as PDFDict;
		const fontFile = pdf.context.lookup(descriptor.get(PDFName.of('FontFile2'))) as PDFRawStream;
		const subsetBytes = decodePDFRawStream(fontFile).decode().byteLength;
		console.log(`embedded font subset: ${subsetBytes} bytes of ${FONT_FILE_BYTES}`);
		expect(subsetBytes).toBeLessThan(FONT_FILE_BYTES / 50);
	});

	it('draws the QR code as one rectangle per dark module', async () => {
		const pdf = await PDFDocument.load(await renderCertificatePdf(zh));
		const rectangles = (await contentOf(pdf.getPage(0))).match(/(?:^|\s)re(?=\s)/g) ?? [];
		expect(rectangles.length).toBe(qrModules(zh.verifyUrl).dark.length);
	});

	it('keeps long titles and names on the page', async () => {
		const bytes = await renderCertificatePdf({
			...zh,
			learnerName: '欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜',
			courseTitle: '设施农业蔬菜栽培技术、病虫害绿色防控与农产品电商销售实务（第二版）'.repeat(3),
			verifyUrl: `https://learn.example.cn/verify/${'X'.repeat(80)}`
		});
		expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
	});
});

describe('qrModules', () => {
	it.each(['https://learn.example.cn/verify/7K3MQ9XA2RB', 'http://192.168.1.10:3000/verify/0000000016JD'])(
		'lists exactly the dark modules of %s',
		(url) => {
			const reference = QRCode.create(url, { errorCorrectionLevel: 'M' });
			const { size, dark } = qrModules(url);
			expect(size).toBe(reference.modules.size);
			expect(size).toBe(4 * reference.version + 17);
			expect(dark.length).toBe(reference.modules.data.reduce((sum, bit) => sum + bit, 0));
			for (const [column, row] of dark) expect(reference.modules.data[row * size + column]).toBe(1);
			// Finder patterns sit in three corners; their top-left module is always dark.
			expect(dark).toContainEqual([0, 0]);
			expect(dark).toContainEqual([size - 7, 0]);
			expect(dark).toContainEqual([0, size - 7]);
		}
	);
});
