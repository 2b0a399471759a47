// npm run content:check [folder] — checks course content (default content/courses); exit 1 on any problem.
// Speaks the terminal's language (LC_ALL, LC_MESSAGES or LANG starting with zh: Chinese; otherwise English).
import { m } from '../../paraglide/messages.js';
import { checkAndCompileContent } from '../content/check.ts';
import { formatProblem, localeOfEnvironment } from '../content/problem-text.ts';

const rootDir = process.argv[2] ?? 'content/courses';
const locale = localeOfEnvironment(process.env);
const problems = await checkAndCompileContent(rootDir);
for (const problem of problems) console.log(formatProblem(problem, locale));
if (problems.length > 0) {
	const files = new Set(problems.map((p) => p.file)).size;
	console.error(`\n${m.checker_cli_summary({ count: problems.length, files }, { locale })}`);
	process.exit(1);
}
console.log(m.checker_cli_fine({ folder: rootDir }, { locale }));
