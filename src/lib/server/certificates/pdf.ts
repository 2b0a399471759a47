// The certificate as a one-page PDF: a pure function of its data, so the same certificate renders to the same bytes
// today and after a reinstall. A4 portrait so it prints at the township office; type large enough to read when a
// phone shows the page fitted to its width (595 pt across about 390 px, so 24 pt body text shows at about 16 px).
import { createHash } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import {
	PageSizes,
	PDFDocument,
	TextRenderingMode,
	concatTransformationMatrix,
	fill,
	popGraphicsState,
	pushGraphicsState,
	rectangle,
	rgb,
	setCharacterSpacing,
	setFillingColor,
	setLineWidth,
	setStrokingColor,
	setTextRenderingMode,
	type Color,
	type PDFFont,
	type PDFPage
} from 'pdf-lib';
import QRCode from 'qrcode';
import { formatDate } from '../../dates.ts';
import { certificateFontBytes } from './font.ts';
import { formatCertificateNumber } from './number.ts';

export interface CertificateData {
	number: string;
	learnerName: string;
	courseTitle: string;
	issuedAt: Date;
	score: number;
	township: string;
	county?: string;
	verifyUrl: string;
	issuerName: string;
	locale: 'zh-CN' | 'en';
}

const FONT_NAME = 'WenQuanYiMicroHei';
const [WIDTH, HEIGHT] = PageSizes.A4;
const CENTRE = WIDTH / 2;
const INK = rgb(0.13, 0.15, 0.18);
const MUTED = rgb(0.4, 0.42, 0.46);
const RED = rgb(0.6, 0.12, 0.12);
const GOLD = rgb(0.72, 0.55, 0.22);

const COPY = {
	'zh-CN': {
		title: '结业证书',
		subtitle: 'CERTIFICATE OF COMPLETION',
		lead: '兹证明学员',
		body: (course: string, score: string) => `已完成《${course}》的学习，考试成绩 ${score} 分，准予结业，特发此证。`,
		place: (township: string, county?: string) => `${county ?? ''}${township}`,
		labels: ['发证单位', '发证地点', '发证日期', '证书编号'],
		scan: '扫码核验证书真伪'
	},
	en: {
		title: 'Certificate of Completion',
		subtitle: '结业证书',
		lead: 'This certifies that',
		body: (course: string, score: string) =>
			`has completed the course “${course}” with a final exam score of ${score}.`,
		place: (township: string, county?: string) => (county ? `${township}, ${county}` : township),
		labels: ['Issued by', 'Township', 'Date issued', 'Certificate no.'],
		scan: 'Scan to verify this certificate'
	}
} as const;

interface TextStyle {
	font: PDFFont;
	size: number;
	color: Color;
	bold?: boolean;
	spacing?: number;
}

// Closing marks must not start a line and opening marks must not end one (Chinese line-breaking rules).
const NO_LINE_START = /^[，。、；：！？》」』）)\]”’,.;:!?%]/;
const NO_LINE_END = /[《「『（(“‘]$/;
const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef';
const TOKENS = new RegExp(`[${CJK}]|[^\\s${CJK}]+|\\s+`, 'gu');

/** Lines of at most maxWidth: Chinese breaks between any two characters, other scripts at spaces. */
function wrapText(text: string, style: TextStyle, maxWidth: number, maxLines: number): string[] {
	const fits = (line: string) => style.font.widthOfTextAtSize(line, style.size) <= maxWidth;
	const lines: string[] = [];
	let line = '';
	for (const token of text.match(TOKENS) ?? []) {
		if (!line.trim() || fits((line + token).trimEnd()) || NO_LINE_START.test(token)) {
			line += token;
			continue;
		}
		let carry = '';
		if (NO_LINE_END.test(line) && line.length > 1) [line, carry] = [line.slice(0, -1), line.slice(-1)];
		lines.push(line.trimEnd());
		line = carry + token.trimStart();
	}
	if (line.trim()) lines.push(line.trimEnd());
	// A word or URL longer than a whole line is cut between characters.
	const broken = lines.flatMap((whole) => {
		const parts = [''];
		for (const char of whole) {
			if (parts.at(-1) && !fits(parts.at(-1) + char)) parts.push('');
			parts[parts.length - 1] += char;
		}
		return parts;
	});
	if (broken.length <= maxLines) return broken;
	let last = broken[maxLines - 1];
	while (last && !fits(last + '…')) last = last.slice(0, -1);
	return [...broken.slice(0, maxLines - 1), last + '…'];
}

function drawText(
	page: PDFPage,
	text: string,
	x: number,
	y: number,
	style: TextStyle,
	align: 'left' | 'centre' = 'left'
): void {
	const { font, size, color, bold, spacing = 0 } = style;
	const width = font.widthOfTextAtSize(text, size) + spacing * Math.max(0, [...text].length - 1);
	const left = align === 'centre' ? x - width / 2 : x;
	page.pushOperators(pushGraphicsState(), setCharacterSpacing(spacing));
	// The font has no bold face; outlining the glyphs in their own colour thickens them instead.
	if (bold) {
		page.pushOperators(
			setTextRenderingMode(TextRenderingMode.FillAndOutline),
			setLineWidth(size / 36),
			setStrokingColor(color)
		);
	}
	page.drawText(text, { x: left, y, font, size, color });
	page.pushOperators(popGraphicsState());
}

function fitSize(text: string, font: PDFFont, size: number, maxWidth: number): number {
	return Math.max(16, Math.min(size, (size * maxWidth) / font.widthOfTextAtSize(text, size)));
}

/** The dark modules of the QR code for a URL (error correction M), as [column, row] from the top left. */
export function qrModules(url: string): { size: number; dark: Array<[column: number, row: number]> } {
	const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
	const dark: Array<[number, number]> = [];
	for (let row = 0; row < modules.size; row++) {
		for (let column = 0; column < modules.size; column++) if (modules.get(row, column)) dark.push([column, row]);
	}
	return { size: modules.size, dark };
}

// One rectangle per module, filled as a single path: crisp at any zoom and without seams between modules.
function drawQrCode(page: PDFPage, url: string, x: number, y: number, width: number): void {
	const { size, dark } = qrModules(url);
	const scale = Math.round((width / size) * 1e4) / 1e4;
	page.pushOperators(
		pushGraphicsState(),
		concatTransformationMatrix(scale, 0, 0, scale, x, y),
		setFillingColor(INK),
		...dark.map(([column, row]) => rectangle(column, size - 1 - row, 1, 1)),
		fill(),
		popGraphicsState()
	);
}

const DIAMOND = 'M 0 -5 L 5 0 L 0 5 L -5 0 Z';

function drawFrame(page: PDFPage): void {
	page.drawRectangle({ x: 22, y: 22, width: WIDTH - 44, height: HEIGHT - 44, borderColor: RED, borderWidth: 2.5 });
	page.drawRectangle({ x: 30, y: 30, width: WIDTH - 60, height: HEIGHT - 60, borderColor: GOLD, borderWidth: 0.8 });
	for (const [x, y] of [
		[30, 30],
		[WIDTH - 30, 30],
		[30, HEIGHT - 30],
		[WIDTH - 30, HEIGHT - 30]
	]) {
		page.drawSvgPath(DIAMOND, { x, y, color: RED });
	}
}

function drawDivider(page: PDFPage, y: number): void {
	for (const [from, to] of [
		[CENTRE - 120, CENTRE - 12],
		[CENTRE + 12, CENTRE + 120]
	]) {
		page.drawLine({ start: { x: from, y }, end: { x: to, y }, thickness: 0.8, color: GOLD });
	}
	page.drawSvgPath(DIAMOND, { x: CENTRE, y, color: GOLD });
}

// PDF readers expect a subset font's name to start with six capital letters unique to that subset.
function subsetTag(data: CertificateData): string {
	const digest = createHash('sha256').update(JSON.stringify(data)).digest();
	return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

/** Renders a certificate to PDF bytes (about 20 KB). The same data always gives the same bytes. */
export async function renderCertificatePdf(data: CertificateData): Promise<Uint8Array<ArrayBuffer>> {
	const copy = COPY[data.locale];
	const number = formatCertificateNumber(data.number);
	// China time, as on the verification page: the printed date must not depend on where the server's clock is set.
	const date = formatDate(data.issuedAt, data.locale, 'day');
	const score = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 1 }).format(data.score);

	// updateMetadata: false stops pdf-lib stamping the current time, which would make every render differ.
	const pdf = await PDFDocument.create({ updateMetadata: false });
	pdf.registerFontkit(fontkit);
	const font = await pdf.embedFont(await certificateFontBytes(), {
		subset: true,
		customName: `${subsetTag(data)}+${FONT_NAME}`
	});
	const page = pdf.addPage([WIDTH, HEIGHT]);
	const fromTop = (distance: number) => HEIGHT - distance;

	drawFrame(page);
	const title = data.locale === 'zh-CN' ? { size: 50, spacing: 14 } : { size: 36, spacing: 0.5 };
	drawText(page, copy.title, CENTRE, fromTop(140), { font, color: RED, bold: true, ...title }, 'centre');
	const subtitle = { font, size: data.locale === 'zh-CN' ? 12 : 16, color: MUTED, spacing: 3 };
	drawText(page, copy.subtitle, CENTRE, fromTop(174), subtitle, 'centre');
	drawDivider(page, fromTop(204));

	drawText(page, copy.lead, CENTRE, fromTop(250), { font, size: 18, color: MUTED }, 'centre');
	const nameSize = fitSize(data.learnerName, font, 42, 440);
	drawText(page, data.learnerName, CENTRE, fromTop(306), { font, size: nameSize, color: INK, bold: true }, 'centre');
	const underline = Math.max(200, font.widthOfTextAtSize(data.learnerName, nameSize) + 48) / 2;
	page.drawLine({
		start: { x: CENTRE - underline, y: fromTop(322) },
		end: { x: CENTRE + underline, y: fromTop(322) },
		thickness: 0.8,
		color: GOLD
	});

	const body = { font, size: 24, color: INK };
	wrapText(copy.body(data.courseTitle, score), body, 455, 4).forEach((line, i) => {
		drawText(page, line, CENTRE, fromTop(376 + i * 40), body, 'centre');
	});

	// Nothing is drawn within four modules of the code: scanners need that quiet zone.
	drawQrCode(page, data.verifyUrl, 66, 112, 132);
	drawText(page, copy.scan, 132, 88, { font, size: 11, color: MUTED }, 'centre');
	const urlStyle = { font, size: 8.5, color: MUTED };
	wrapText(data.verifyUrl, urlStyle, 180, 2).forEach((line, i) => {
		drawText(page, line, 132, 72 - i * 11, urlStyle, 'centre');
	});

	const details = [data.issuerName, copy.place(data.township, data.county), date, number];
	const label = { font, size: 11, color: MUTED };
	const value = { font, size: 17, color: INK };
	details.forEach((text, i) => {
		const top = 604 + i * 42;
		drawText(page, copy.labels[i], 236, fromTop(top), label);
		drawText(page, wrapText(text, value, 290, 1)[0] ?? '', 236, fromTop(top + 21), value);
	});

	pdf.setTitle(`${copy.title} · ${data.learnerName} · ${data.courseTitle}`, { showInWindowTitleBar: true });
	pdf.setAuthor(data.issuerName);
	pdf.setSubject(`${copy.title} ${number}: ${data.courseTitle}`);
	pdf.setKeywords([number, data.verifyUrl]);
	pdf.setCreator('Zhizhi Learn 智智学堂');
	pdf.setProducer('Zhizhi Learn (pdf-lib)');
	pdf.setLanguage(data.locale);
	pdf.setCreationDate(data.issuedAt);
	pdf.setModificationDate(data.issuedAt);
	// pdf-lib writes into a fresh ArrayBuffer; saying so lets callers pass the bytes straight to `new Response()`.
	return (await pdf.save()) as Uint8Array<ArrayBuffer>;
}
