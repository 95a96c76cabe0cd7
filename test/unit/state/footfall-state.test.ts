/**
 * The explorer's rune class with fake workers and a fake database: the start-up flow, a
 * failed run that keeps what was loaded, and out-of-order query answers.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FootfallState } from '../../../src/lib/state/footfall.svelte';
import { defaultSimulation, type IsoWeekday } from '../../../src/lib/domain/footfall';
import { planChunks } from '../../../src/lib/simulation/footfall';
import type { Query } from '../../../src/lib/db/client';
import { isHeatmap, isMatrix, isTrend, setup as setupWith } from './footfall-fakes';

const setup = (gate?: (q: Query) => Promise<void> | undefined) => setupWith({ gate });

const settled = (s: FootfallState) => vi.waitFor(() => expect(s.querying).toBe(false));

describe('FootfallState', () => {
	it('starts by loading the demo and querying its default view', async () => {
		const { state, log } = setup();
		await state.start();
		await settled(state);
		expect(state.status).toEqual({ kind: 'ready' });
		expect(state.loaded).toEqual(defaultSimulation());
		expect(state.readings).toBe(planChunks(defaultSimulation(), 2).length * 10);
		expect(state.view).toMatchObject({ store: 'Madrid', sensor: null, resolution: 'daily' });
		expect(state.rows).toEqual([expect.objectContaining({ count: 0 })]);
		expect(state.heatmap).toMatchObject({ store: 'Madrid', granularity: 'hourly', sensors: 1 });
		expect(state.heatmap?.cells).toHaveLength(1);
		expect(state.ready).toBe(true);
		expect(state.heatmapReady).toBe(true);
		expect(state.sql).toContain("'Madrid'");
		expect(state.timings.simulateMs).toBeGreaterThan(0);
		expect(state.timings.loadMs).not.toBeNull();
		expect(log).toContain('COMMIT');
	});

	it('keeps the loaded data and view when a run fails, and says why', async () => {
		const { state, log } = setup();
		await state.start();
		state.setView({ store: 'Paris', sensor: 7, resolution: 'hourly' });
		await settled(state);
		const before = {
			loaded: state.loaded,
			view: state.view,
			rows: state.rows,
			heatmap: state.heatmap
		};
		const calls = log.length;

		const bad = defaultSimulation();
		bad.stores[0].pFail = 2;
		await state.simulate(bad);

		expect(state.status).toEqual({
			kind: 'error',
			message: 'Invalid simulation: store 1 (Madrid) P(fail) must be a number from 0 to 1 (got 2)'
		});
		expect(state.runError).toBe(state.status.kind === 'error' ? state.status.message : null);
		expect({
			loaded: state.loaded,
			view: state.view,
			rows: state.rows,
			heatmap: state.heatmap
		}).toEqual(before);
		expect(log.slice(calls)).toEqual([]); // the database was not touched
	});

	it('keeps the view across a new run and clears the error', async () => {
		const { state } = setup();
		await state.start();
		state.setView({ store: 'Paris', sensor: 7 });
		await settled(state);
		const bad = defaultSimulation();
		bad.end = 'never';
		await state.simulate(bad);
		expect(state.status.kind).toBe('error');
		await state.simulate({ ...defaultSimulation(), end: '2024-09-30' });
		await settled(state);
		expect(state.status).toEqual({ kind: 'ready' });
		expect(state.runError).toBeNull();
		expect(state.view).toMatchObject({ store: 'Paris', sensor: 7, to: '2024-09-30' });
	});

	it('applies only the newest view when an older query answers last', async () => {
		let releaseParis!: () => void;
		const parisGate = new Promise<void>((r) => (releaseParis = r));
		// Only the view's query waits (not the health step's, which asks of every store).
		const { state } = setup((q) =>
			q.params.includes('Paris') && !isTrend(q) && !isMatrix(q) ? parisGate : undefined
		);
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris' });
		state.setView({ store: 'Berlin' });
		await vi.waitFor(() => expect(state.rows[0]?.count).toBe(2)); // Berlin
		releaseParis();
		await settled(state);
		await new Promise((r) => setTimeout(r, 10));
		expect(state.view.store).toBe('Berlin');
		expect(state.rows[0].count).toBe(2);
		expect(state.rowsView?.store).toBe('Berlin');
	});

	it('keeps the sensor when the new store has it and drops it when not', async () => {
		const { state } = setup();
		await state.start();
		state.setView({ store: 'Paris', sensor: 5 });
		state.setView({ store: 'Berlin' });
		expect(state.view).toMatchObject({ store: 'Berlin', sensor: 5 });
		state.setView({ store: 'Madrid' });
		expect(state.view).toMatchObject({ store: 'Madrid', sensor: null });
		await settled(state);
	});

	it('switches weekdays on and off', async () => {
		const { state } = setup();
		await state.start();
		state.setWeekday(7, true);
		expect(state.view.weekdays).toEqual([1, 2, 3, 4, 5, 6, 7]);
		state.setWeekday(1, false);
		expect(state.view.weekdays).toEqual([2, 3, 4, 5, 6, 7]);
		await settled(state);
	});

	it("applies the chart's rows first and asks for the heatmap only after they are painted", async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let gated = false;
		const { state, log } = setup((q) => (gated && isHeatmap(q) ? gate : undefined));
		await state.start();
		await settled(state);
		gated = true;
		const calls = log.length;
		state.setView({ store: 'Paris' });
		expect(state.ready).toBe(false);
		expect(state.querying).toBe(true);
		await vi.waitFor(() => expect(state.rows[0]?.count).toBe(1)); // Paris
		// The chart is current while the heatmap still shows Madrid.
		expect(state.ready).toBe(true);
		expect(state.heatmapReady).toBe(false);
		expect(state.querying).toBe(true);
		expect(state.heatmap?.store).toBe('Madrid');
		const order = log
			.slice(calls)
			.map((l) => (l === 'paint' ? l : l.includes('AS sensor') ? 'heatmap' : 'view'));
		expect(order).toEqual(['view', 'paint', 'heatmap']);
		release();
		await settled(state);
		expect(state.heatmap).toMatchObject({ store: 'Paris', sensors: 20 });
		expect(state.heatmap?.cells[0].count).toBe(1);
		expect(state.heatmapReady).toBe(true);
	});

	it('asks for the heatmap again only when the store or the days change', async () => {
		const { state, log } = setup();
		await state.start();
		await settled(state);
		const heatmaps = () => log.filter((l) => l.includes('AS sensor')).length;
		const before = heatmaps();
		for (const patch of [
			{ sensor: 2 },
			{ resolution: 'hourly' as const },
			{ hourFrom: 8, hourTo: 20 },
			{ weekdays: [1, 2, 3] as IsoWeekday[] }
		]) {
			state.setView(patch);
			await settled(state);
			expect(state.heatmapReady).toBe(true);
		}
		expect(heatmaps()).toBe(before);
		state.setView({ from: '2024-07-10' });
		await settled(state);
		expect(heatmaps()).toBe(before + 1);
		expect(state.heatmap).toMatchObject({ from: '2024-07-10', to: '2024-08-07' });
	});

	it('drops the heatmap of a store that is no longer in view', async () => {
		let release!: () => void;
		const parisHeat = new Promise<void>((r) => (release = r));
		const { state } = setup((q) =>
			isHeatmap(q) && q.params.includes('Paris') ? parisHeat : undefined
		);
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris' });
		await vi.waitFor(() => expect(state.rows[0]?.count).toBe(1));
		state.setView({ store: 'Berlin' });
		await settled(state);
		expect(state.heatmap?.store).toBe('Berlin');
		release();
		await new Promise((r) => setTimeout(r, 10));
		expect(state.heatmap?.store).toBe('Berlin');
		expect(state.heatmapReady).toBe(true);
	});

	it('stops waiting for a heatmap when the view returns to the one shown', async () => {
		let release!: () => void;
		const parisHeat = new Promise<void>((r) => (release = r));
		const { state } = setup((q) =>
			isHeatmap(q) && q.params.includes('Paris') ? parisHeat : undefined
		);
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris' });
		await vi.waitFor(() => expect(state.rows[0]?.count).toBe(1));
		state.setView({ store: 'Madrid' });
		await settled(state); // without the Paris heatmap
		expect(state.heatmap?.store).toBe('Madrid');
		expect(state.heatmapReady).toBe(true);
		release();
		await new Promise((r) => setTimeout(r, 10));
		expect(state.heatmap?.store).toBe('Madrid');
	});

	it('shows the heatmap of a new run only once it is queried', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let gated = false;
		const { state } = setup((q) => (gated && isHeatmap(q) ? gate : undefined));
		await state.start();
		await settled(state);
		gated = true;
		const run = state.simulate(defaultSimulation());
		await vi.waitFor(() => expect(state.ready).toBe(true));
		expect(state.heatmapReady).toBe(false); // same store and days, but older data
		release();
		await run;
		await settled(state);
		expect(state.heatmapReady).toBe(true);
	});
});
