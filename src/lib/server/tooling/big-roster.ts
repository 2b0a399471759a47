import { idCheckCharacter } from '../enrolment/identity.ts';

/** The demo township whose villages big rosters fill (金河镇: 马鞍底村, 勐拉村, 老寨村). */
export const BIG_ROSTER_TOWNSHIP = '532530101';

/**
 * A township's roster as staff export it from a spreadsheet (CSV): `rows` learners in households of four across
 * the demo township's three villages; half with phones, a third with ID numbers. Used by the import's test and its
 * bench (`npm run bench -- roster`).
 */
export function bigRoster(rows: number): Uint8Array {
	const villages = ['马鞍底村', '勐拉村', '老寨村'];
	const lines = ['村,户编号,户主,姓名,手机号,身份证号'];
	for (let i = 0; i < rows; i++) {
		const household = Math.floor(i / 4);
		const phone = i % 2 === 0 ? `137${String(i).padStart(8, '0')}` : '';
		// A different birth date per row keeps the IDs unique and valid.
		const birth = new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
		const id = i % 3 === 0 ? `532530${birth}001` : '';
		const idNumber = id ? id + idCheckCharacter(id) : '';
		lines.push(
			[
				villages[household % 3],
				`H${String(household).padStart(6, '0')}`,
				`户主${household}`,
				`学员${i}`,
				phone,
				idNumber
			].join(',')
		);
	}
	return new TextEncoder().encode(lines.join('\r\n'));
}
