// Lint rule: no synchronous better-sqlite3 query outside the database folder. drizzle's SQLite builders offer
// .all(), .get(), .run() and .values(), and its database db.transaction(), db.all(sql) and the like: they run at
// once on better-sqlite3 and do not exist on PostgreSQL. The app awaits its queries instead (`await db.select()…`,
// first() and rawRows() from db/dialect.ts, writeTransaction from db/index.ts). The rule asks TypeScript where the
// called method is declared, so a Map's .get() or an array's .values() is not mistaken for a query.
const SYNC = new Set(['all', 'get', 'run', 'values', 'transaction', 'sync']);
const DRIZZLE_SQLITE = /drizzle-orm[\\/](sqlite-core|better-sqlite3)[\\/]/;

/** @type {import('eslint').Rule.RuleModule} */
export const noSyncQueries = {
	meta: {
		type: 'problem',
		docs: { description: 'Queries are awaited: no synchronous better-sqlite3 calls outside src/lib/server/db/' },
		messages: {
			sync: "'.{{name}}()' runs a query synchronously on SQLite only. Await the query instead (first(), rawRows() or writeTransaction() for .get(), db.all() or db.transaction())."
		},
		schema: []
	},
	create(context) {
		const services = context.sourceCode.parserServices;
		if (!services?.program) return {};
		const checker = services.program.getTypeChecker();
		return {
			/** @param {any} node */
			'CallExpression > MemberExpression.callee'(node) {
				if (node.property.type !== 'Identifier' || !SYNC.has(node.property.name)) return;
				// An insert's .values(rows) builds the query; only the bare .values() runs it.
				if (node.property.name === 'values' && node.parent.arguments.length > 0) return;
				const tsNode = services.esTreeNodeToTSNodeMap.get(node.property);
				const symbol = checker.getSymbolAtLocation(tsNode);
				const declaration = symbol?.declarations?.[0];
				if (!declaration || !DRIZZLE_SQLITE.test(declaration.getSourceFile().fileName)) return;
				context.report({ node: node.property, messageId: 'sync', data: { name: node.property.name } });
			}
		};
	}
};
