// A small streaming reader for the XML inside spreadsheet files. A sheet can be tens of megabytes: a DOM of it
// (what exceljs builds) took 1.7 GB for a million rows, so the roster reader takes tags as they stream past and
// keeps only what it needs. It knows elements, attributes, text, entities, CDATA and comments; that is all
// SpreadsheetML uses. Namespace prefixes are dropped ("x:row" is "row"), as some writers add them.

/** What the reader is told as the XML goes by. Self-closing elements are an open and a close. */
export interface XmlHandler {
	open(name: string, tag: string): void;
	close(name: string): void;
	text(text: string): void;
}

/** No single tag or run of text in a spreadsheet comes near this; more is a broken or hostile file. */
const MAX_TOKEN = 1 << 20;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

/** XML character data → text. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(ENTITY, (whole, name: string) => {
		if (name[0] !== '#') return ENTITIES[name];
		const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
		return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
	});
}

const ATTRIBUTES = new Map<string, RegExp>();

/** An attribute's value in a tag's text (`name` may carry a prefix pattern, e.g. `(?:\w+:)?id`); null if absent. */
export function attribute(tag: string, name: string): string | null {
	let pattern = ATTRIBUTES.get(name);
	if (!pattern) ATTRIBUTES.set(name, (pattern = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
	const match = pattern.exec(tag);
	return match ? decodeEntities(match[1] ?? match[2]) : null;
}

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

/** Feeds chunks of XML text to a handler; text split across chunks arrives in pieces. */
export class XmlScanner {
	private rest = '';

	constructor(private readonly handler: XmlHandler) {}

	write(chunk: string): void {
		const s = this.rest + chunk;
		const { handler } = this;
		let i = 0;
		for (;;) {
			const lt = s.indexOf('<', i);
			// Text is only passed on whole up to the next tag, so an entity is never cut in two.
			if (lt === -1) break;
			if (lt > i) handler.text(decodeEntities(s.slice(i, lt)));
			i = lt;
			if (s.startsWith('<![CDATA[', lt)) {
				const end = s.indexOf(']]>', lt);
				if (end === -1) break;
				handler.text(s.slice(lt + 9, end));
				i = end + 3;
				continue;
			}
			if (s.startsWith('<!--', lt)) {
				const end = s.indexOf('-->', lt);
				if (end === -1) break;
				i = end + 3;
				continue;
			}
			const gt = s.indexOf('>', lt);
			if (gt === -1) break;
			const tag = s.slice(lt + 1, gt);
			i = gt + 1;
			if (tag[0] === '/') handler.close(localName(tag.slice(1).trim()));
			else if (tag[0] !== '?' && tag[0] !== '!') {
				const name = localName(/^[^\s/>]+/.exec(tag)?.[0] ?? '');
				handler.open(name, tag);
				if (tag.endsWith('/')) handler.close(name);
			}
		}
		this.rest = s.slice(i);
		if (this.rest.length > MAX_TOKEN) throw new Error('XML token too long');
	}
}
