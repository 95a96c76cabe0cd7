/**
 * The health step of the footfall page against the real engine (DuckDB-WASM in Node): each
 * store's readings come out of DuckDB as the same matrices the simulator's own columns
 * give; their health, stored in the health tables, gives imputed totals at least the raw
 * ones, trends and alerts; a planted outage becomes a "sensor down" alert whose view holds
 * the failed readings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';
import { readingsToIPC } from '../../../src/lib/arrow/readings';
import { replaceHealth } from '../../../src/lib/arrow/health';
import { planChunks, simulate, simulateChunk } from '../../../src/lib/simulation/footfall';
import { FAILED, type SimulationParams } from '../../../src/lib/domain/footfall';
import { defaultHealthParams, storeMatricesFromReadings } from '../../../src/lib/health';
import { storeHealth } from '../../../src/lib/health/store-health';
import { buildAlerts } from '../../../src/lib/alerts';
import { fetchView, stageChunks, swapInStaged } from '../../../src/lib/state/footfall-db';
import { fetchMatrices } from '../../../src/lib/state/footfall-health';
import { flaggedDays } from '../../../src/lib/state/footfall-flags';
import { fetchTrend } from '../../../src/lib/state/footfall-trends';
import { alertsInput, fetchAlertTrends, viewOfAlert } from '../../../src/lib/state/footfall-alerts';
import { defaultView, extentOf } from '../../../src/lib/state/view';

const params: SimulationParams = {
	generator: 'seeded',
	seed: 'health-step',
	start: '2024-06-03',
	end: '2024-07-28',
	stores: [
		{
			name: 'Alpha',
			sensors: 4,
			opened: '2020-01-01T00:00',
			avg: 200,
			std: 20,
			pFail: 0.01,
			pAnom: 0.01
		},
		{ name: 'Beta', sensors: 2, opened: '2020-01-01T00:00', avg: 80, std: 8, pFail: 0, pAnom: 0 }
	]
};
const extent = extentOf(params);

/** The simulation's chunks, with sensor 2 of Alpha failed (-1) from Tue 2024-07-16 to Thu 07-18. */
async function* chunks() {
	const from = Date.UTC(2024, 6, 16) / 3_600_000;
	const to = Date.UTC(2024, 6, 19) / 3_600_000;
	for (const chunk of planChunks(params, 3)) {
		const cols = simulateChunk(params, chunk);
		for (let i = 0; i < cols.length; i++) {
			if (cols.store[i] === 0 && cols.sensor[i] === 2 && cols.hour[i] >= from && cols.hour[i] < to)
				cols.count[i] = FAILED;
		}
		yield { ipc: readingsToIPC(cols), length: cols.length };
	}
}

let db: NodeDbClient;
beforeAll(async () => {
	db = await createNodeDb();
	await stageChunks(db, chunks());
	await swapInStaged(db, params.stores);
});
afterAll(() => db?.close());

describe('the health step on DuckDB', () => {
	it("reads each store's matrix out of DuckDB as the simulator's columns give it", async () => {
		const matrices = await fetchMatrices(db, extent);
		const direct = storeMatricesFromReadings(
			simulate(params),
			params.stores.map((s) => s.name)
		);
		expect(matrices.map((m) => [m.store, m.sensors, m.startHour, m.hours])).toEqual(
			direct.map(({ matrix: m }) => [m.store, m.sensors, m.startHour, m.hours])
		);
		// Beta is untouched: the same counts, cell for cell.
		expect(Array.from(matrices[1].counts)).toEqual(Array.from(direct[1].matrix.counts));
		// Alpha differs only where the outage was planted.
		const a = matrices[0];
		const d = direct[0].matrix.counts;
		let differ = 0;
		for (let i = 0; i < a.counts.length; i++) if (a.counts[i] !== d[i]) differ++;
		const planted = Array.from(a.counts.subarray(2 * a.hours, 3 * a.hours)).filter(
			(c) => c === FAILED
		).length;
		expect(planted).toBeGreaterThanOrEqual(72);
		expect(differ).toBeLessThanOrEqual(72);
	});

	it('gives imputed totals at least the raw ones, trends, flagged days and a sensor-down alert', async () => {
		const matrices = await fetchMatrices(db, extent);
		const health = matrices.map((m) => storeHealth(m, defaultHealthParams()));
		await replaceHealth(db, health);

		const view = { ...defaultView(extent), store: 'Alpha' };
		const { rows } = await fetchView(db, view);
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) expect(r.imputed_count).toBeGreaterThanOrEqual(r.count);
		const outageDay = rows.find((r) => r.t === Date.UTC(2024, 6, 17));
		expect(outageDay?.imputed_share).toBeGreaterThan(0.15); // a quarter of the store's sensors

		const trend = await fetchTrend(db, {
			store: 'Alpha',
			period: 'weekly',
			weekdays: [1, 2, 3, 4, 5, 6]
		});
		expect(trend.data.points.length).toBe(8);
		expect(trend.data.points.every((p) => p.imputed >= p.count)).toBe(true);

		const flagged = flaggedDays(health[0], '2024-07-15', '2024-07-21', defaultHealthParams());
		expect(flagged.days.filter((d) => d.sensor === 2).map((d) => d.day)).toEqual(
			expect.arrayContaining(['2024-07-18', '2024-07-17', '2024-07-16'])
		);
		expect(flagged.days.find((d) => d.sensor === 2)?.flags).toContain('failures');

		const trends = await fetchAlertTrends(db, extent);
		expect(trends.map((t) => t.store)).toEqual(['Alpha', 'Beta']);
		const alerts = buildAlerts(alertsInput(health, trends, extent));
		const down = alerts.find((a) => a.kind === 'sensor-down' && a.sensor === 2);
		expect(down).toBeDefined();
		const shown = viewOfAlert(down!.view, view, extent);
		expect(shown).toMatchObject({ store: 'Alpha', sensor: 2, hourFrom: 0, hourTo: 23 });
		expect(shown.from <= '2024-07-16' && shown.to >= '2024-07-18').toBe(true);
		const failedRows = (await fetchView(db, shown)).rows.filter((r) => r.failed > 0);
		expect(failedRows.length).toBeGreaterThan(0);
	});
});
