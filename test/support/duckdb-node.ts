/**
 * A DbClient for Node tests and benchmarks over DuckDB-WASM's synchronous bundle
 * (`@duckdb/duckdb-wasm/blocking`): the same engine and the same wasm files the browser
 * loads, without a worker. Same start-up settings (`lockdownSql`) and the same
 * Arrow -> rows conversion (`arrowToRows`) as `src/lib/db/duckdb.ts`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import {
	ConsoleLogger,
	LogLevel,
	NODE_RUNTIME,
	VoidLogger,
	createDuckDB,
	getPlatformFeatures
} from '@duckdb/duckdb-wasm/blocking';
import type { DbClient, Query, Row } from '../../src/lib/db/client';
import { arrowToRows } from '../../src/lib/arrow/rows';
import { lockdownSql } from '../../src/lib/db/sql/schema';

export interface NodeDbClient extends DbClient {
	/** Which wasm bundle runs (`mvp` or `eh`) and the DuckDB version. */
	readonly info: { bundle: string; version: string };
	/** Disconnect and drop the database. */
	close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

/**
 * Open a fresh in-memory DuckDB. Both bundles are offered and DuckDB picks `eh` when the
 * runtime has wasm exceptions (Node 20 and Chromium do), as `selectBundle` does in the
 * browser; `bundle: 'mvp'` forces the other one.
 */
export async function createNodeDb(
	opts: { bundle?: 'mvp' | 'eh'; verbose?: boolean } = {}
): Promise<NodeDbClient> {
	const files = (b: 'mvp' | 'eh') => ({
		mainModule: path.join(dist, `duckdb-${b}.wasm`),
		mainWorker: path.join(dist, `duckdb-node-${b}.worker.cjs`)
	});
	const bundles =
		opts.bundle === 'mvp' ? { mvp: files('mvp') } : { mvp: files('mvp'), eh: files('eh') };
	const bundle =
		opts.bundle !== 'mvp' && (await getPlatformFeatures()).wasmExceptions ? 'eh' : 'mvp';
	const logger = opts.verbose ? new ConsoleLogger(LogLevel.WARNING) : new VoidLogger();
	const db = await createDuckDB(bundles, logger, NODE_RUNTIME);
	await db.instantiate();
	db.open({ path: ':memory:' });
	const conn = db.connect();
	for (const s of lockdownSql('http://127.0.0.1:9/no-extensions')) conn.query(s);

	return {
		info: { bundle, version: db.getVersion() },
		async query<T extends Row = Row>(q: Query | string): Promise<T[]> {
			const { sql, params } = typeof q === 'string' ? { sql: q, params: [] } : q;
			if (params.length === 0) return arrowToRows<T>(conn.query(sql));
			const stmt = conn.prepare(sql);
			try {
				return arrowToRows<T>(stmt.query(...params));
			} finally {
				stmt.close();
			}
		},
		async exec(sql: string): Promise<void> {
			conn.query(sql);
		},
		async insertArrowIPC(table: string, ipc: Uint8Array, o: { create: boolean }): Promise<void> {
			conn.insertArrowFromIPCStream(ipc, { name: table, create: o.create });
		},
		async close(): Promise<void> {
			conn.close();
			db.reset();
		}
	};
}
