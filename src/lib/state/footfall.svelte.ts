/**
 * The footfall explorer's state as one rune class: the simulation parameters, what the
 * page is doing (status), the view (`FootfallView`, plain data), and the rows, heatmap
 * cells and SQL of the current view.
 *
 * Flow: `start()` opens DuckDB and runs the default simulation at once (both in
 * parallel); `simulate(params)` runs chunks on the worker pool, stages them in DuckDB,
 * swaps them in for the previous data and rebuilds the rollups, then queries the view.
 * A failed run shows its message and leaves the previous data and view as they were.
 * View changes go through `setView` (pure rules in `view.ts`) and re-query; only the
 * newest query's answer is applied.
 */
import { defaultSimulation, type IsoWeekday, type SimulationParams } from '../domain/footfall';
import type { DbClient } from '../db/client';
import type { HeatCell, SeriesPoint } from '../charts/types';
import type { SimulatedChunk, SimulationProgress } from '../rpc/simulate';
import { footfallFileName } from '../export/csv';
import { errorMessage, fetchHeatmap, fetchView, stageChunks, swapInStaged } from './footfall-db';
import { Latest } from './latest';
import { simulationMessage } from './messages';
import {
	carryView,
	defaultView,
	describeView,
	extentOf,
	sameView,
	sensorCount,
	toggleWeekday,
	updateView,
	type DataExtent,
	type FootfallView
} from './view';

export type { SimulationProgress };

export type FootfallStatus =
	| { kind: 'idle' }
	| ({ kind: 'simulating' } & SimulationProgress)
	| { kind: 'loading'; step: string }
	| { kind: 'ready' }
	| { kind: 'error'; message: string };

/** Milliseconds of the last run and query; null before they happened. */
export interface FootfallTimings {
	/** Simulating every chunk on the worker pool. */
	simulateMs: number | null;
	/** Starting DuckDB (fetch and compile the wasm), once per page. */
	dbMs: number | null;
	/** Inserting the chunks and building the rollups. */
	loadMs: number | null;
	/** The view query behind the chart. */
	queryMs: number | null;
	/** The heatmap query. */
	heatmapMs: number | null;
}

/** What the state needs from the outside world; tests pass fakes. */
export interface FootfallDeps {
	getDb: () => Promise<DbClient>;
	runSimulation: (
		params: SimulationParams,
		onProgress: (p: SimulationProgress) => void
	) => AsyncIterable<SimulatedChunk>;
	now: () => number;
}

const browserDeps: FootfallDeps = {
	// Imported on first use so the page renders before DuckDB's and comlink's code loads.
	getDb: async () => (await import('../db/duckdb')).getDb(),
	runSimulation: async function* (params, onProgress) {
		const rpc = await import('../rpc/simulate');
		yield* rpc.runSimulation(params, onProgress);
	},
	now: () => performance.now()
};

export class FootfallState {
	/** Parameters of the last run asked for (what the simulation panel starts from). */
	params: SimulationParams = $state.raw(defaultSimulation());
	/** Parameters of the data in the database; null before the first run finished. */
	loaded: SimulationParams | null = $state.raw(null);
	status: FootfallStatus = $state.raw({ kind: 'idle' });
	view: FootfallView = $state.raw(defaultView(extentOf(defaultSimulation())));
	/** Rows of the chart and table, for `rowsView`. */
	rows: SeriesPoint[] = $state.raw([]);
	/** The view `rows` belong to (they lag behind `view` while a query runs). */
	rowsView: FootfallView | null = $state.raw(null);
	cells: HeatCell[] = $state.raw([]);
	/** The view query, values written in. */
	sql = $state('');
	heatmapSql = $state('');
	/** Readings in the database. */
	readings = $state(0);
	querying = $state(false);
	/** Why the last simulation failed; null after a successful one. */
	runError: string | null = $state(null);
	timings: FootfallTimings = $state.raw({
		simulateMs: null,
		dbMs: null,
		loadMs: null,
		queryMs: null,
		heatmapMs: null
	});

	readonly extent: DataExtent | null = $derived(this.loaded ? extentOf(this.loaded) : null);
	/** The loaded data's extent, or the requested one's before anything is loaded (for pickers). */
	readonly shownExtent: DataExtent = $derived(this.extent ?? extentOf(this.params));
	readonly storeNames: string[] = $derived(this.shownExtent.stores.map((s) => s.name));
	readonly sensors: number = $derived(sensorCount(this.shownExtent, this.view.store));
	readonly busy: boolean = $derived(
		this.status.kind === 'simulating' || this.status.kind === 'loading'
	);
	readonly progress: SimulationProgress | null = $derived(
		this.status.kind === 'simulating' ? this.status : null
	);
	/** True when `rows` and `cells` show `view` and nothing is pending. */
	readonly ready: boolean = $derived(
		!this.busy && !this.querying && this.rowsView !== null && sameView(this.rowsView, this.view)
	);
	readonly description: string = $derived(describeView(this.view));
	readonly fileName: string = $derived(footfallFileName(this.rowsView ?? this.view));

	#deps: FootfallDeps;
	#db: Promise<DbClient> | null = null;
	#queries = new Latest();
	#heatKey = '';

	constructor(deps: Partial<FootfallDeps> = {}) {
		this.#deps = { ...browserDeps, ...deps };
	}

	/** Open the database and run the current parameters (the demo on a fresh page). */
	start(): Promise<void> {
		void this.#database().catch(() => {});
		return this.simulate(this.params);
	}

	/** The database, started once; a failed start is retried on the next call. */
	#database(): Promise<DbClient> {
		if (!this.#db) {
			const t = this.#deps.now();
			this.#db = this.#deps.getDb().then(
				(db) => {
					this.timings = { ...this.timings, dbMs: this.#deps.now() - t };
					return db;
				},
				(e) => {
					this.#db = null;
					throw e;
				}
			);
		}
		return this.#db;
	}

	/**
	 * Simulate `params`, load them and show the view on them. Ignored while a run is
	 * under way. On failure the status carries the message and the previous data, view,
	 * rows and heatmap stay.
	 */
	async simulate(params: SimulationParams): Promise<void> {
		if (this.busy) return;
		const plain = $state.snapshot(params) as SimulationParams;
		this.params = plain;
		this.runError = null;
		const { now } = this.#deps;
		const t0 = now();
		let simulatedAt: number | null = null;
		this.status = {
			kind: 'simulating',
			chunksDone: 0,
			chunks: 0,
			readingsDone: 0,
			readingsTotal: 0
		};
		try {
			const db = this.#database();
			const chunks = this.#deps.runSimulation(plain, (p) => {
				if (this.status.kind === 'simulating') this.status = { kind: 'simulating', ...p };
				if (p.chunks > 0 && p.chunksDone === p.chunks) simulatedAt = now();
			});
			const staged = await stageChunks(db, chunks);
			const simulateMs = (simulatedAt ?? now()) - t0;
			this.status = { kind: 'loading', step: 'building the rollups' };
			const buildMs = await swapInStaged(await db, plain.stores);
			const extent = extentOf(plain);
			const previous = this.extent;
			this.loaded = plain;
			this.readings = staged.readings;
			this.timings = { ...this.timings, simulateMs, loadMs: staged.insertMs + buildMs };
			this.#heatKey = '';
			this.rowsView = null;
			this.view = previous ? carryView(this.view, previous, extent) : defaultView(extent);
			this.status = { kind: 'ready' };
		} catch (e) {
			this.runError = simulationMessage(errorMessage(e), plain);
			this.status = { kind: 'error', message: this.runError };
			return;
		}
		await this.refresh();
	}

	/** Apply `patch` to the view (made valid for the data) and query it when it changed. */
	setView(patch: Partial<FootfallView>): void {
		const next = this.extent
			? updateView(this.view, patch, this.extent)
			: { ...this.view, ...patch };
		if (sameView(next, this.view)) return;
		this.view = next;
		void this.refresh();
	}

	/** Switch a weekday on or off. */
	setWeekday(day: IsoWeekday, on: boolean): void {
		this.setView({ weekdays: toggleWeekday(this.view.weekdays, day, on) });
	}

	/**
	 * Query the current view: the chart rows first, then the heatmap when its store or
	 * days changed. Answers to older requests are dropped. Does nothing before the first
	 * data is loaded or while a run is loading (the run refreshes when it is done).
	 */
	async refresh(): Promise<void> {
		if (!this.loaded || this.busy) return;
		const view = this.view;
		const ticket = this.#queries.next();
		const current = () => this.#queries.isCurrent(ticket);
		this.querying = true;
		try {
			const db = await this.#database();
			const heatKey = `${view.store}\n${view.from}\n${view.to}`;
			const heat = heatKey === this.#heatKey ? null : fetchHeatmap(db, view);
			heat?.catch(() => {}); // awaited below; a stale failure is ignored
			const v = await fetchView(db, view);
			if (!current()) return;
			this.rows = v.rows;
			this.rowsView = view;
			this.sql = v.sql;
			this.timings = { ...this.timings, queryMs: v.ms };
			if (heat) {
				const h = await heat;
				if (!current()) return;
				this.cells = h.cells;
				this.heatmapSql = h.sql;
				this.#heatKey = heatKey;
				this.timings = { ...this.timings, heatmapMs: h.ms };
			}
		} catch (e) {
			if (current()) this.status = { kind: 'error', message: errorMessage(e) };
		} finally {
			if (current()) this.querying = false;
		}
	}
}
