/**
 * What the wearable page asks of the database, as plain async functions over a
 * `DbClient`: replace the `wearable_results` table with the current results, read the
 * per-mode summary back, and run a person's own query. No Svelte: Node tests drive these
 * with a real DuckDB and with a fake client.
 */
import type { DbClient, Row } from '../db/client';
import {
	insertWearableResultsQueries,
	toDisplaySql,
	wearableResultsTableSql,
	wearableSummaryQuery,
	type WearableResultRow,
	type WearableSummaryRow
} from '../db/sql';

/**
 * Replaces the table's rows with `rows` in one transaction: on failure it is rolled back
 * and the previous rows stay. Returns the number of rows written.
 */
export async function replaceWearableResults(
	db: DbClient,
	rows: readonly WearableResultRow[]
): Promise<number> {
	const inserts = insertWearableResultsQueries(rows); // validates before touching the table
	let open = false;
	try {
		await db.exec('BEGIN TRANSACTION');
		open = true;
		await db.exec(wearableResultsTableSql());
		for (const q of inserts) await db.query(q);
		await db.exec('COMMIT');
	} catch (e) {
		if (open) await db.exec('ROLLBACK').catch(() => {});
		throw e;
	}
	return rows.length;
}

export interface WearableSummary {
	rows: WearableSummaryRow[];
	/** The query with its values written in, for display. */
	sql: string;
}

/** Device-days per mode and verdict, as DuckDB counts them. */
export async function fetchWearableSummary(db: DbClient): Promise<WearableSummary> {
	const q = wearableSummaryQuery();
	const rows = await db.query<Row>(q);
	return {
		rows: rows.map((r) => ({
			mode: r.mode as WearableSummaryRow['mode'],
			device_days: Number(r.device_days),
			flagged: Number(r.flagged),
			ok: Number(r.ok),
			insufficient: Number(r.insufficient),
			first_day: r.first_day === null ? null : Number(r.first_day),
			last_day: r.last_day === null ? null : Number(r.last_day)
		})),
		sql: toDisplaySql(q)
	};
}

/** The message of anything thrown, for the page. */
export function errorMessage(e: unknown): string {
	if (e instanceof Error) return e.message || e.name;
	if (e && typeof e === 'object' && 'message' in e) return String(e.message);
	return String(e);
}

/** Rows shown of a person's query at most; the rest are counted. */
export const QUERY_ROW_LIMIT = 200;

export interface QueryAnswer {
	columns: string[];
	rows: Row[];
	/** Rows the query returned (may exceed `rows.length`). */
	total: number;
	ms: number;
}

/** A cell of a query answer as text: dates of `wearable_results` as `YYYY-MM-DD`. */
export function cellText(column: string, v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number' && (column === 'day' || /(^|_)day$/.test(column))) {
		const d = new Date(v);
		if (Number.isFinite(d.getTime()) && v % 86_400_000 === 0) return d.toISOString().slice(0, 10);
	}
	if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

/** Runs `sql` as written (the page's own database, in this tab only). */
export async function runWearableQuery(
	db: DbClient,
	sql: string,
	now: () => number = () => performance.now()
): Promise<QueryAnswer> {
	const t = now();
	const rows = await db.query(sql);
	const ms = now() - t;
	const columns = rows.length ? Object.keys(rows[0]) : [];
	return { columns, rows: rows.slice(0, QUERY_ROW_LIMIT), total: rows.length, ms };
}
