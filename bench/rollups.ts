/**
 * Rollups benchmark: the client's five stores (39 sensors) simulated over 10 years
 * (3,419,208 hourly readings), loaded chunk by chunk through Arrow IPC into DuckDB-WASM
 * (the blocking bundle in Node: the same wasm the browser runs, without the worker hop),
 * the one-off materialization timed statement by statement, then sensor health
 * (`src/lib/health`) run on the same readings and its rows loaded with `replaceHealth`
 * (health tables + imputation tables, timed), then every kind of view query (which joins
 * the imputed totals) and the trend queries timed several times (median, through the
 * DbClient: SQL + Arrow -> rows).
 *
 *   npx tsx bench/rollups.ts          (or `npm run bench rollups`)
 *
 * Prints a table and writes bench/results/rollups.json with the machine description.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
	clientStores,
	type ReadingColumns,
	type SimulationParams
} from '../src/lib/domain/footfall';
import type { StoreHealth } from '../src/lib/domain/health';
import { defaultHealthParams, storeHealth, storeMatricesFromReadings } from '../src/lib/health';
import { replaceHealth } from '../src/lib/arrow/health';
import { trendQuery } from '../src/lib/db/sql/trend';
import { planChunks, simulateChunk } from '../src/lib/simulation/footfall';
import { readingsToIPC } from '../src/lib/arrow/readings';
import type { Query } from '../src/lib/db/client';
import { heatmapQuery } from '../src/lib/db/sql/heatmap';
import { materializeSql } from '../src/lib/db/sql/materialize';
import { storesTableSql } from '../src/lib/db/sql/schema';
import { storeSummaryQuery } from '../src/lib/db/sql/summary';
import { viewQuery, type ViewSpec } from '../src/lib/db/sql/view';
import { createNodeDb, type NodeDbClient } from '../test/support/duckdb-node';
import { median, saveResults } from './machine';

/** Runs per query; the first run (cold) is reported apart from the median. */
const RUNS = 9;
/** The target of a view switch in the browser. */
const BUDGET_MS = 150;

export const BENCH_PARAMS: SimulationParams = {
	generator: 'seeded',
	seed: 'bench-rollups',
	start: '2015-01-01',
	end: '2024-12-31',
	stores: clientStores()
};

interface Timed {
	name: string;
	rows: number;
	coldMs: number;
	medianMs: number;
	maxMs: number;
}

const ms = (x: number) => Math.round(x * 10) / 10;

async function timeQuery(db: NodeDbClient, name: string, q: Query): Promise<Timed> {
	const times: number[] = [];
	let rows = 0;
	for (let i = 0; i < RUNS + 1; i++) {
		const t0 = performance.now();
		rows = (await db.query(q)).length;
		times.push(performance.now() - t0);
	}
	const warm = times.slice(1);
	return {
		name,
		rows,
		coldMs: ms(times[0]),
		medianMs: ms(median(warm)),
		maxMs: ms(Math.max(...warm))
	};
}

/** The view switches a user makes: every resolution, store total and one sensor, filters. */
function viewCases(): { name: string; spec: ViewSpec }[] {
	const base: ViewSpec = {
		store: 'Paris',
		sensor: null,
		resolution: 'daily',
		weekdays: [1, 2, 3, 4, 5, 6],
		from: '2024-07-01',
		to: '2024-08-07',
		hourFrom: 0,
		hourTo: 23
	};
	const ranges = [
		{ label: '38 days', from: '2024-07-01', to: '2024-08-07' },
		{ label: '1 year', from: '2024-01-01', to: '2024-12-31' },
		{ label: '10 years', from: '2015-01-01', to: '2024-12-31' }
	];
	const cases: { name: string; spec: ViewSpec }[] = [];
	for (const resolution of ['hourly', 'daily', 'weekly', 'monthly'] as const) {
		for (const sensor of [null, 7]) {
			for (const r of ranges) {
				if (resolution !== 'hourly' && r.label !== '10 years') continue;
				const who = sensor === null ? 'store' : `sensor ${sensor}`;
				cases.push({
					name: `${resolution} ${who} ${r.label}`,
					spec: { ...base, resolution, sensor, from: r.from, to: r.to }
				});
			}
		}
	}
	cases.push(
		{
			name: 'hourly sensor 7 1 year Mon-Fri 08-17',
			spec: {
				...base,
				resolution: 'hourly',
				sensor: 7,
				from: '2024-01-01',
				to: '2024-12-31',
				weekdays: [1, 2, 3, 4, 5],
				hourFrom: 8,
				hourTo: 17
			}
		},
		{
			name: 'daily store 10 years all 7 days (London)',
			spec: {
				...base,
				store: 'London',
				from: '2015-01-01',
				to: '2024-12-31',
				weekdays: [1, 2, 3, 4, 5, 6, 7]
			}
		},
		{
			name: 'weekly sensor 3 10 years Mon-Fri (London)',
			spec: {
				...base,
				store: 'London',
				resolution: 'weekly',
				sensor: 3,
				from: '2015-01-01',
				to: '2024-12-31',
				weekdays: [1, 2, 3, 4, 5]
			}
		}
	);
	return cases;
}

/** The chunks of one simulation joined end to end (chunks are whole sensors, in order). */
function concat(parts: ReadingColumns[]): ReadingColumns {
	const length = parts.reduce((n, p) => n + p.length, 0);
	const out: ReadingColumns = {
		length,
		store: new Uint8Array(length),
		sensor: new Uint16Array(length),
		hour: new Int32Array(length),
		count: new Int32Array(length),
		truth: new Uint8Array(length)
	};
	let at = 0;
	for (const p of parts) {
		out.store.set(p.store.subarray(0, p.length), at);
		out.sensor.set(p.sensor.subarray(0, p.length), at);
		out.hour.set(p.hour.subarray(0, p.length), at);
		out.count.set(p.count.subarray(0, p.length), at);
		out.truth.set(p.truth.subarray(0, p.length), at);
		at += p.length;
	}
	return out;
}

export async function run(): Promise<unknown> {
	const loadBefore = loadavg()[0];
	const db = await createNodeDb();
	try {
		// Load: simulate chunk by chunk, encode each as IPC, append (as the page does).
		const chunks = planChunks(BENCH_PARAMS, 8);
		let readings = 0;
		let simMs = 0;
		let ipcMs = 0;
		let insertMs = 0;
		const parts: ReadingColumns[] = [];
		for (let i = 0; i < chunks.length; i++) {
			let t0 = performance.now();
			const cols = simulateChunk(BENCH_PARAMS, chunks[i]);
			parts.push(cols);
			simMs += performance.now() - t0;
			t0 = performance.now();
			const ipc = readingsToIPC(cols);
			ipcMs += performance.now() - t0;
			t0 = performance.now();
			await db.insertArrowIPC('readings', ipc, { create: i === 0 });
			insertMs += performance.now() - t0;
			readings += cols.length;
		}
		await db.exec(storesTableSql(BENCH_PARAMS.stores));

		const materialize: { statement: string; ms: number }[] = [];
		for (const sql of materializeSql()) {
			const t0 = performance.now();
			await db.exec(sql);
			const name = /CREATE OR REPLACE (?:TABLE|VIEW) (\w+)/.exec(sql)?.[1] ?? sql.slice(0, 40);
			materialize.push({ statement: name, ms: ms(performance.now() - t0) });
		}
		const materializeMs = ms(materialize.reduce((a, m) => a + m.ms, 0));

		// Health of every store, then its rows into DuckDB with the imputation tables.
		let t0 = performance.now();
		const names = BENCH_PARAMS.stores.map((s) => s.name);
		const results: StoreHealth[] = storeMatricesFromReadings(concat(parts), names).map((s) =>
			storeHealth(s.matrix, defaultHealthParams())
		);
		const healthMs = ms(performance.now() - t0);
		t0 = performance.now();
		const healthRows = await replaceHealth(db, results);
		const healthLoadMs = ms(performance.now() - t0);
		const [imputedRows] = await db.query<{ hourly: number; daily: number; hours: number }>(
			`SELECT (SELECT CAST(count(*) AS DOUBLE) FROM imputed_hourly_store) AS hourly,
  (SELECT CAST(count(*) AS DOUBLE) FROM imputed_daily_sensor) AS daily,
  (SELECT CAST(sum(imputed_hours) AS DOUBLE) FROM imputed_daily_store) AS hours`
		);
		const health = { computeMs: healthMs, loadMs: healthLoadMs, rows: healthRows, imputedRows };

		const queries: Timed[] = [];
		queries.push(
			await timeQuery(db, 'reference: plain GROUP BY day over readings (1 store)', {
				sql: `SELECT CAST(floor(hour / 24) AS INTEGER) AS day, CAST(sum(greatest(count, 0)) AS DOUBLE) AS n
FROM readings WHERE store_idx = 1 GROUP BY day ORDER BY day`,
				params: []
			})
		);
		for (const c of viewCases())
			queries.push(await timeQuery(db, `view: ${c.name}`, viewQuery(c.spec)));
		queries.push(
			await timeQuery(
				db,
				'heatmap: Paris (20 sensors) 38 days',
				heatmapQuery({ store: 'Paris', from: '2024-07-01', to: '2024-08-07' })
			)
		);
		queries.push(
			await timeQuery(
				db,
				'heatmap: London (8 sensors) 1 year',
				heatmapQuery({ store: 'London', from: '2024-01-01', to: '2024-12-31' })
			)
		);
		queries.push(await timeQuery(db, 'store summary', storeSummaryQuery()));
		for (const store of ['Paris', 'London']) {
			for (const period of ['weekly', 'monthly'] as const) {
				queries.push(
					await timeQuery(
						db,
						`trend: ${store} ${period} 10 years Mon-Sat`,
						trendQuery({ store, period, weekdays: [1, 2, 3, 4, 5, 6] })
					)
				);
			}
		}

		const [mem] = await db.query<{ mb: number }>(
			`SELECT CAST(sum(memory_usage_bytes) / 1e6 AS DOUBLE) AS mb FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`
		);
		const tables = await db.query(
			`SELECT table_name AS name, CAST(estimated_size AS DOUBLE) AS rows FROM duckdb_tables() ORDER BY table_name`
		);

		const load = {
			readings,
			chunks: chunks.length,
			simulateMs: ms(simMs),
			ipcEncodeMs: ms(ipcMs),
			insertMs: ms(insertMs)
		};
		console.log(
			`DuckDB ${db.info.version} (${db.info.bundle} bundle), ${readings.toLocaleString('en')} readings in ${chunks.length} chunks`
		);
		console.log(
			`load: simulate ${load.simulateMs} ms, IPC encode ${load.ipcEncodeMs} ms, insert ${load.insertMs} ms`
		);
		console.log(
			`materialize: ${materializeMs} ms (${materialize.map((m) => `${m.statement} ${m.ms}`).join(', ')})`
		);
		console.log(
			`health: compute ${health.computeMs} ms (all stores, one thread), load rows + imputation tables ${health.loadMs} ms; ` +
				`rows ${JSON.stringify(health.rows)}, imputed ${JSON.stringify(health.imputedRows)}`
		);
		console.log(
			`memory of tables: ${ms(mem.mb)} MB; load average ${ms(loadBefore)} -> ${ms(loadavg()[0])}`
		);
		console.log(`\n| query | rows | cold ms | median ms | max ms |\n|---|---:|---:|---:|---:|`);
		for (const q of queries) {
			const flag = q.medianMs > BUDGET_MS ? ' (over budget)' : '';
			console.log(`| ${q.name}${flag} | ${q.rows} | ${q.coldMs} | ${q.medianMs} | ${q.maxMs} |`);
		}
		const views = queries.filter((q) => q.name.startsWith('view:'));
		const worst = views.reduce((a, q) => (q.medianMs > a.medianMs ? q : a));
		console.log(
			`\nslowest view: ${worst.name}, median ${worst.medianMs} ms (budget ${BUDGET_MS} ms)`
		);

		const result = {
			what: 'load, materialize, health rows and view and trend queries on 10 years of the five client stores',
			engine: { duckdb: db.info.version, bundle: db.info.bundle, runtime: 'node, blocking bundle' },
			params: { ...BENCH_PARAMS, stores: BENCH_PARAMS.stores.map((s) => s.name) },
			runsPerQuery: RUNS,
			// Other work on the machine skews the figures: the 1-minute load average around the run.
			loadAverage: { before: ms(loadBefore), after: ms(loadavg()[0]) },
			budgetMs: BUDGET_MS,
			load,
			materializeMs,
			materialize,
			health,
			tableMemoryMB: ms(mem.mb),
			tables,
			queries
		};
		saveResults('rollups', result);
		return result;
	} finally {
		await db.close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	await run();
}
