// npm run user:create -- --role admin --username wang --name 王主任 [--township 532530101]
// The password comes from ZHIZHI_PASSWORD, or is asked for (not echoed) when run in a terminal.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { createWorkerAccount, WORKER_ROLES, type WorkerRole } from '../admin/accounts.ts';
import { passwordProblem } from '../auth/password.ts';
import { closeDb, getDb, migrateDatabase } from '../db/index.ts';
import { townships } from '../db/schema.ts';
import { first } from '../db/dialect.ts';

const PROBLEMS: Record<string, string> = {
	password_too_short_staff: 'the password needs at least 10 characters',
	error_username_taken: 'that username is taken',
	error_unknown_parent: 'no township with that code',
	error_required: 'staff accounts need --township <code>',
	error_name_characters: 'the name has control or invisible characters'
};

function fail(message: string): never {
	console.error(`user:create: ${message}`);
	process.exit(1);
}

function askHidden(question: string): Promise<string> {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		const output = rl as unknown as { _writeToOutput: (s: string) => void };
		rl.question(question, (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
		output._writeToOutput = () => {};
	});
}

const { values } = parseArgs({
	options: {
		role: { type: 'string' },
		username: { type: 'string' },
		name: { type: 'string' },
		township: { type: 'string' }
	}
});
const role = values.role as WorkerRole | undefined;
if (!role || !WORKER_ROLES.includes(role) || !values.username || !values.name) {
	fail(
		'usage: npm run user:create -- --role admin|trainer|staff --username <name> --name <full name> [--township <code>]'
	);
}
let password = process.env.ZHIZHI_PASSWORD ?? '';
if (!password) {
	if (!process.stdin.isTTY) fail('set ZHIZHI_PASSWORD or run in a terminal to be asked for the password');
	password = await askHidden('Password (10+ characters): ');
	if ((await askHidden('Again: ')) !== password) fail('the two passwords differ');
}
const problem = passwordProblem(role, password);
if (problem) fail(PROBLEMS[problem] ?? problem);

const db = getDb();
await migrateDatabase(db);
let townshipId: number | null = null;
if (values.township) {
	const row = await first(db.select({ id: townships.id }).from(townships).where(eq(townships.code, values.township)));
	if (!row) fail(PROBLEMS.error_unknown_parent);
	townshipId = row.id;
}
const result = await createWorkerAccount(null, {
	role,
	name: values.name,
	username: values.username,
	townshipId,
	password
});
await closeDb();
if (!result.ok) fail(PROBLEMS[result.error] ?? result.error);
console.log(`Created ${role} account "${values.username}" (id ${result.id}).`);
