/**
 * A fake DbClient for state tests: records every call in `log`, answers queries with
 * `answer(q)` (possibly after `gate(q)` resolves) and fails statements `failOn` picks.
 */
import type { DbClient, Query, Row } from '../../../src/lib/db/client';

export interface FakeDbOptions {
	answer?: (q: Query) => Row[];
	failOn?: (sql: string) => boolean;
	gate?: (q: Query) => Promise<void> | undefined;
}

export function fakeDb(opts: FakeDbOptions = {}) {
	const log: string[] = [];
	const db: DbClient = {
		async query<T extends Row = Row>(q: Query | string): Promise<T[]> {
			const query = typeof q === 'string' ? { sql: q, params: [] } : q;
			log.push(`query ${query.sql.split('\n')[0]}`);
			await opts.gate?.(query);
			return (opts.answer?.(query) ?? []) as T[];
		},
		async exec(sql: string): Promise<void> {
			log.push(sql.split('\n')[0]);
			if (opts.failOn?.(sql)) throw new Error(`exec failed: ${sql.split('\n')[0]}`);
		},
		async insertArrowIPC(table, ipc, o) {
			log.push(`insert ${table} ${ipc.length} bytes create=${o.create}`);
		}
	};
	return { db, log };
}

/** Chunks for `stageChunks`, optionally failing after `failAfter` chunks. */
export async function* chunks(n: number, failAfter = Infinity) {
	for (let i = 0; i < n; i++) {
		if (i >= failAfter) throw new Error('Invalid simulation: stores[0].pFail must be a number');
		yield { ipc: new Uint8Array(i + 1), length: 100 };
	}
}
