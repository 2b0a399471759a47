// Secrets every app server must share, when no setting gives them: the certificate signing key and the exam-ticket
// secret. On PostgreSQL several servers, perhaps on several machines, serve one database, so the secrets are kept
// in it (instance_secrets): the first server to need one stores it, and every server uses the one stored, however
// many start at the same moment. On SQLite they stay in files beside the database (files/create-once.ts), where
// existing installs have them. Whoever can read the database, or a backup of it, can then read them too.
import { eq } from 'drizzle-orm';
import { getDb, onConnectionOfItsOwn, type Db } from './index.ts';
import { instanceSecrets } from './schema.ts';
import { first } from './dialect.ts';

/** The names the secrets are stored under. */
export const SECRET_NAMES = { issuerKey: 'issuer-key', examTicketSecret: 'exam-ticket-secret' } as const;

/**
 * The secret stored under `name`. When there is none yet, `make()`'s value is stored, unless another server stored
 * one meanwhile: its insert does nothing where the row is there (PostgreSQL waits for another's insert of it to
 * commit or roll back), and the row is read again. `created`: this call stored the value. `database` is the
 * database, never a transaction: a value must be committed before anyone signs with it.
 */
export async function storedSecret(
	name: string,
	make: () => string | Promise<string>,
	database: Db = getDb()
): Promise<{ value: string; created: boolean }> {
	// On a connection of its own: a transaction may be waiting for the secret, and its fellows hold the pool's.
	return onConnectionOfItsOwn(database, async (own) => {
		const read = async () =>
			(
				await first(
					own.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, name))
				)
			)?.value;
		const found = await read();
		if (found !== undefined) return { value: found, created: false };
		const value = await make();
		const inserted = await own
			.insert(instanceSecrets)
			.values({ name, value })
			.onConflictDoNothing()
			.returning({ name: instanceSecrets.name });
		if (inserted.length > 0) return { value, created: true };
		const stored = await read();
		if (stored === undefined) throw new Error(`The secret "${name}" was stored by another server, yet cannot be read.`);
		return { value: stored, created: false };
	});
}
