// npm run content:check [folder] — checks course content (default content/courses); exit 1 on any problem.
import { checkAndCompileContent } from '../content/check.ts';
import { formatProblem } from '../content/problem-text.ts';

const rootDir = process.argv[2] ?? 'content/courses';
const problems = await checkAndCompileContent(rootDir);
for (const problem of problems) console.log(formatProblem(problem, 'en'));
if (problems.length > 0) {
	const files = new Set(problems.map((p) => p.file)).size;
	console.error(
		`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`
	);
	process.exit(1);
}
console.log(`Content in ${rootDir} is fine.`);
