/**
 * The browser's DbClient: DuckDB-WASM on its own worker. The only module of the app that
 * imports `@duckdb/duckdb-wasm`.
 *
 * - Lazy and race-safe: the first `getDb()` starts the engine, every later call (also
 *   concurrent ones) gets the same promise; a failed start is forgotten so that the
 *   next call retries.
 * - Self-hosted: the `mvp` and `eh` wasm and worker files are Vite `?url` assets of
 *   this site (relative URLs in the build); `selectBundle` picks `eh` where the browser
 *   has wasm exceptions. The `coi` bundle is not shipped (not faster here, STACK-NOTES).
 * - Offline by construction: right after `open`, extension auto-install and auto-load
 *   are switched off and the extension repository points at this site's own origin
 *   (`lockdownSql`), so no query can make DuckDB fetch code from the network.
 * - Rows: Arrow results become plain objects with numbers (`arrowToRows`, shared with
 *   the Node test client).
 */
import {
	AsyncDuckDB,
	ConsoleLogger,
	LogLevel,
	selectBundle,
	type AsyncDuckDBConnection,
	type DuckDBBundles
} from '@duckdb/duckdb-wasm';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { arrowToRows } from '../arrow/rows';
import type { DbClient, Query, Row } from './client';
import { lockdownSql } from './sql/schema';

const BUNDLES: DuckDBBundles = {
	mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
	eh: { mainModule: ehWasm, mainWorker: ehWorker }
};

/**
 * Where DuckDB would look for extensions: a path beside the current page, so under the
 * site's base path too, that does not exist.
 */
function extensionRepository(): string {
	const here = globalThis.location;
	const usable = here && here.origin !== 'null';
	return new URL('duckdb-extensions-disabled', usable ? here.href : 'http://127.0.0.1:9/').href;
}

/** The browser client, with what it runs on; `close()` ends the worker. */
export interface BrowserDbClient extends DbClient {
	readonly info: { bundle: string; version: string };
	close(): Promise<void>;
}

let started: Promise<BrowserDbClient> | null = null;

/** The shared database, started on first use. */
export function getDb(): Promise<DbClient> {
	return getBrowserDb();
}

/** `getDb` with the browser-specific extras (`info`, `close`). */
export function getBrowserDb(): Promise<BrowserDbClient> {
	if (!started) {
		started = open();
		started.catch(() => {
			started = null;
		});
	}
	return started;
}

async function open(): Promise<BrowserDbClient> {
	const bundle = await selectBundle(BUNDLES);
	if (!bundle.mainWorker) throw new Error('DuckDB: no worker file for the selected bundle');
	// A classic worker: DuckDB's worker files are self-contained scripts.
	const worker = new Worker(bundle.mainWorker);
	const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
	let conn: AsyncDuckDBConnection;
	try {
		await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
		await db.open({ path: ':memory:' });
		conn = await db.connect();
		for (const sql of lockdownSql(extensionRepository())) await conn.query(sql);
	} catch (e) {
		await db.terminate().catch(() => undefined);
		throw e;
	}
	const version = await db.getVersion();

	const client: BrowserDbClient = {
		info: { bundle: bundle.mainModule === ehWasm ? 'eh' : 'mvp', version },
		async query<T extends Row = Row>(q: Query | string): Promise<T[]> {
			const { sql, params } = typeof q === 'string' ? { sql: q, params: [] } : q;
			if (params.length === 0) return arrowToRows<T>(await conn.query(sql));
			const stmt = await conn.prepare(sql);
			try {
				return arrowToRows<T>(await stmt.query(...params));
			} finally {
				await stmt.close();
			}
		},
		async exec(sql: string): Promise<void> {
			await conn.query(sql);
		},
		/** The bytes' ArrayBuffer is transferred to the worker: the caller's copy is emptied. */
		async insertArrowIPC(table: string, ipc: Uint8Array, o: { create: boolean }): Promise<void> {
			await conn.insertArrowFromIPCStream(ipc, { name: table, create: o.create });
		},
		async close(): Promise<void> {
			if (started && (await started.catch(() => null)) === client) started = null;
			await conn.close();
			await db.terminate();
		}
	};
	return client;
}
