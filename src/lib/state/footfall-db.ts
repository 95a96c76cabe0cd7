/**
 * What the footfall explorer asks of the database, as plain async functions over a
 * `DbClient`: load simulated chunks, swap them in for the previous data, run the view
 * and heatmap queries and turn their rows into chart data. No Svelte: Node tests drive
 * these with a fake client.
 *
 * Replacing data is two-phase so that a failed run leaves the loaded data intact: the
 * chunks go into a staging table first; only when every chunk arrived does one
 * transaction drop the old `readings`, rename the staging table and rebuild `stores` and
 * the rollups.
 */
import type { DbClient, Row } from '../db/client';
import {
	READINGS,
	heatmapDailyQuery,
	heatmapGranularity,
	heatmapQuery,
	materializeSql,
	storesTableSql,
	toDisplaySql,
	viewQuery
} from '../db/sql';
import type { HeatCell, HeatmapData, SeriesPoint } from '../charts/types';
import { FAILED, SHOP_CLOSED, type StoreParams } from '../domain/footfall';
import type { FootfallView } from './view';

/** Where a run's chunks wait until the whole run has arrived. */
export const STAGING = 'readings_next';

export interface Chunk {
	ipc: Uint8Array;
	length: number;
}

const now = () => performance.now();

/**
 * Appends every chunk to the staging table (created by the first chunk, after dropping
 * a leftover one). On failure the staging table is dropped and the error rethrown; the
 * loaded data is never touched. `db` may still be starting: the first chunk waits for it.
 */
export async function stageChunks(
	db: DbClient | Promise<DbClient>,
	chunks: AsyncIterable<Chunk>
): Promise<{ readings: number; chunks: number; insertMs: number }> {
	let client: DbClient | undefined;
	let readings = 0;
	let count = 0;
	let insertMs = 0;
	try {
		for await (const chunk of chunks) {
			if (!client) {
				client = await db;
				await client.exec(`DROP TABLE IF EXISTS ${STAGING}`);
			}
			const t = now();
			await client.insertArrowIPC(STAGING, chunk.ipc, { create: count === 0 });
			insertMs += now() - t;
			readings += chunk.length;
			count++;
		}
	} catch (e) {
		if (client) await client.exec(`DROP TABLE IF EXISTS ${STAGING}`).catch(() => {});
		throw e;
	}
	if (count === 0) throw new Error('The simulation produced no readings.');
	return { readings, chunks: count, insertMs };
}

/**
 * Replaces the loaded data with the staged readings and rebuilds `stores` and every
 * rollup, in one transaction: on failure it is rolled back and the previous data stays.
 */
export async function swapInStaged(db: DbClient, stores: readonly StoreParams[]): Promise<number> {
	const t = now();
	let open = false;
	try {
		const statements = [
			`DROP TABLE IF EXISTS ${READINGS}`,
			`ALTER TABLE ${STAGING} RENAME TO ${READINGS}`,
			storesTableSql(stores),
			...materializeSql()
		];
		await db.exec('BEGIN TRANSACTION');
		open = true;
		for (const sql of statements) await db.exec(sql);
		await db.exec('COMMIT');
	} catch (e) {
		if (open) await db.exec('ROLLBACK').catch(() => {});
		await db.exec(`DROP TABLE IF EXISTS ${STAGING}`).catch(() => {});
		throw e;
	}
	return now() - t;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => {
	if (v === null || v === undefined) return null;
	const n = num(v);
	return Number.isFinite(n) ? n : null;
};

/**
 * A `viewQuery` row as a chart point (numbers only; a missing baseline, or imputed
 * columns before the health check, -> null).
 */
export function toSeriesPoint(r: Row): SeriesPoint {
	return {
		t: num(r.t),
		count: num(r.count),
		avg_count_4days: numOrNull(r.avg_count_4days),
		perc_diff: numOrNull(r.perc_diff),
		failed: num(r.failed ?? 0),
		anomalies: num(r.anomalies ?? 0),
		status: typeof r.status === 'string' ? r.status : null,
		imputed_count: numOrNull(r.imputed_count),
		imputed_share: numOrNull(r.imputed_share)
	};
}

/** A `heatmapQuery` row (one reading) as a heatmap cell: failed and closed readings get their codes back. */
export function toHeatCell(r: Row): HeatCell {
	const status = r.status;
	const failed = status === 'Measurement failed';
	return {
		sensor: num(r.sensor),
		t: num(r.day) + num(r.hour) * 3_600_000,
		count: failed ? FAILED : status === 'Shop closed' ? SHOP_CLOSED : num(r.count),
		failed: failed ? 1 : 0,
		anomalies: num(r.anomaly) > 0 ? 1 : 0
	};
}

/** A `heatmapDailyQuery` row (a sensor's day) as a heatmap cell; a day closed throughout is `SHOP_CLOSED`. */
export function toDailyHeatCell(r: Row): HeatCell {
	const readings = num(r.readings);
	return {
		sensor: num(r.sensor),
		t: num(r.day),
		count: readings > 0 && num(r.closed) === readings ? SHOP_CLOSED : num(r.count),
		failed: num(r.failed),
		anomalies: num(r.anomalies)
	};
}

/** The highest count and the failed and anomalous readings of some cells. */
export function summarizeCells(cells: readonly HeatCell[]): {
	max: number;
	failed: number;
	anomalies: number;
} {
	let max = 0;
	let failed = 0;
	let anomalies = 0;
	for (const c of cells) {
		if (c.count > max) max = c.count;
		failed += c.failed;
		anomalies += c.anomalies;
	}
	return { max, failed, anomalies };
}

export interface ViewResult {
	rows: SeriesPoint[];
	/** The query with its values written in, for display. */
	sql: string;
	ms: number;
}

/** The rows behind the chart and table of `view`. */
export async function fetchView(db: DbClient, view: FootfallView): Promise<ViewResult> {
	const q = viewQuery(view);
	const t = now();
	const rows = await db.query(q);
	return { rows: rows.map(toSeriesPoint), sql: toDisplaySql(q), ms: now() - t };
}

export interface HeatmapResult {
	data: HeatmapData;
	sql: string;
	ms: number;
}

/**
 * The heatmap of the view's store and days: a cell per sensor-hour for ranges up to
 * `HEATMAP_HOURLY_MAX_DAYS` days, per sensor-day beyond (`heatmapGranularity`).
 * `sensors` is the store's number of sensors (the heatmap's rows).
 */
export async function fetchHeatmap(
	db: DbClient,
	view: Pick<FootfallView, 'store' | 'from' | 'to'>,
	sensors: number
): Promise<HeatmapResult> {
	const spec = { store: view.store, from: view.from, to: view.to };
	const granularity = heatmapGranularity(spec.from, spec.to);
	const q = granularity === 'hourly' ? heatmapQuery(spec) : heatmapDailyQuery(spec);
	const t = now();
	const rows = await db.query(q);
	const cells = rows.map(granularity === 'hourly' ? toHeatCell : toDailyHeatCell);
	const data: HeatmapData = { granularity, ...spec, sensors, cells, ...summarizeCells(cells) };
	return { data, sql: toDisplaySql(q), ms: now() - t };
}

/** The message of anything thrown, for the status line. */
export function errorMessage(e: unknown): string {
	if (e instanceof Error) return e.message || e.name;
	if (e && typeof e === 'object' && 'message' in e) return String(e.message);
	return String(e);
}
