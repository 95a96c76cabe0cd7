/**
 * The explorer's rune class with fake workers and database, for issue 5: the health check
 * after the first chart, a check of replaced data dropped, dropped counter files (a bad
 * one named while the good one loads, a drop that reads nothing keeping the data), a link
 * to files waiting for them, the trends' period in the address and an alert's view.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FootfallState } from '../../../src/lib/state/footfall.svelte';
import {
	defaultSimulation,
	type FootfallView,
	type IsoWeekday
} from '../../../src/lib/domain/footfall';
import type { Alert } from '../../../src/lib/alerts';
import {
	decodeFilesLink,
	type FilesRead,
	type CounterSource
} from '../../../src/lib/state/footfall-files';
import { memoryUrl } from '../../../src/lib/state/url';
import { decodeFootfall, defaultFootfallState, footfallQuery } from '../../../src/lib/url-state';
import type { Query } from '../../../src/lib/db/client';
import { fakeHash, isHeatmap, isMatrix, isTrend, setup } from './footfall-fakes';

const settled = (s: FootfallState) =>
	vi.waitFor(() => {
		expect(s.querying).toBe(false);
		expect(s.checking).toBe(false);
		expect(s.queryingTrend).toBe(false);
	});

const file = (name: string, text: string) => ({ path: name, file: new File([text], name) });

/**
 * What the fake reader gives: from the files called `good*`, a store `Door` with sensors
 * `in` and `out`, or with `paris` the store `Paris` with sensors `0` and `1` in July 2024.
 */
function reader(sources: CounterSource[], paris = false): Promise<FilesRead> {
	const files = sources.map((s) =>
		(s.path.split('/').pop() ?? '').startsWith('good')
			? { name: s.path, ok: true, summary: '24 rows read', notes: [] }
			: { name: s.path, ok: false, summary: 'no column of counts', notes: [] }
	);
	const any = files.some((f) => f.ok);
	return Promise.resolve({
		data: any
			? {
					stores: [
						paris
							? { name: 'Paris', sensors: 2, labels: ['0', '1'] }
							: { name: 'Door', sensors: 2, labels: ['in', 'out'] }
					],
					start: paris ? '2024-07-01' : '2024-03-01',
					end: paris ? '2024-07-10' : '2024-03-10',
					ipc: new Uint8Array(8),
					length: 480
				}
			: null,
		files
	});
}

describe('the health check', () => {
	it('runs after the first chart is drawn, stores its results, then queries the view again', async () => {
		const asked: string[] = [];
		const kind = (q: Query) =>
			isMatrix(q) ? 'matrix' : isTrend(q) ? 'trend' : isHeatmap(q) ? 'heatmap' : 'view';
		const { state, checked, stored } = setup({
			gate: (q) => {
				asked.push(kind(q));
				return undefined;
			},
			afterPaint: () => asked.push('paint')
		});
		await state.start();
		await settled(state);
		expect(state.health).toMatchObject({
			kind: 'ready',
			stores: 5,
			sensorDays: (1 + 20 + 6 + 4 + 8) * 38
		});
		if (state.health.kind === 'ready') {
			const { read, detect, store, alerts } = state.health.steps;
			expect(read + detect + store + alerts).toBe(state.timings.healthMs);
		}
		expect(checked).toHaveLength(1);
		expect(checked[0].map((m) => [m.store, m.sensors, m.hours])).toEqual(
			defaultSimulation().stores.map((s) => [s.name, s.sensors, 38 * 24])
		);
		expect(stored).toHaveLength(1);
		expect(state.healthResults).toBe(stored[0]);
		expect(state.timings.healthMs).not.toBeNull();
		// The chart, its paint, the heatmap and trends; then the health step: a matrix per
		// store, the stores' trends for the alerts; then the view and the trends again.
		expect(asked).toEqual([
			'view',
			'paint',
			'heatmap',
			'trend',
			...Array(5).fill('matrix'),
			...Array(5).fill('trend'),
			'view',
			'trend'
		]);
	});

	it('drops the check of data that was replaced while it ran', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let first = true;
		const { state, stored } = setup({
			healthGate: () => {
				if (!first) return undefined;
				first = false;
				return gate;
			}
		});
		void state.start(); // resolves when its health check is done: after the release
		await vi.waitFor(() => expect(state.checking).toBe(true));
		await state.simulate({ ...defaultSimulation(), end: '2024-07-20' });
		expect(state.health.kind).toBe('ready');
		release();
		await settled(state);
		expect(stored).toHaveLength(1); // only the second data's
		expect(state.healthResults[0].days.length).toBe(20);
		expect(state.health.kind).toBe('ready');
	});

	it('swaps new data in only after a health check has stored its results, and drops them', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let first = true;
		const { state, log, stored } = setup({
			storeGate: () => {
				if (!first) return undefined;
				first = false;
				return gate;
			}
		});
		void state.start();
		await vi.waitFor(() => expect(log).toContain('store health'));
		const running = state.simulate({ ...defaultSimulation(), end: '2024-07-20' });
		await new Promise((r) => setTimeout(r, 20));
		const at = log.lastIndexOf('store health');
		expect(log.slice(at).filter((l) => l.startsWith('insert readings_next'))).toEqual([]);
		release();
		await running;
		await settled(state);
		const order = log.filter((l) => l === 'health stored' || l === 'BEGIN TRANSACTION');
		// first load, its health stored, then the second load (and its health)
		expect(order.slice(0, 3)).toEqual(['BEGIN TRANSACTION', 'health stored', 'BEGIN TRANSACTION']);
		expect(state.healthResults).toBe(stored.at(-1));
		expect(state.healthResults[0].days.length).toBe(20);
	});
});

describe('dropped counter files', () => {
	it('loads the good file, names the bad one, and puts the file into the address', async () => {
		const { state, url, read } = setup({ readCounters: reader });
		await state.start();
		await settled(state);
		await state.dropFiles([file('good.csv', 'a,b\n1,2\n'), file('photo.png', 'PNG')]);
		await settled(state);
		expect(read[0].map((s) => s.path)).toEqual(['good.csv', 'photo.png']);
		expect(state.status).toEqual({ kind: 'ready' });
		expect(state.source).toBe('files');
		expect(state.loaded).toBeNull();
		expect(state.storeNames).toEqual(['Door']);
		expect(state.sensorNames).toEqual(['in', 'out']);
		expect(state.view).toMatchObject({ store: 'Door', from: '2024-03-01', to: '2024-03-10' });
		expect(state.ready).toBe(true);
		expect(state.rowsView).toEqual(state.view);
		expect(state.heatmap?.store).toBe('Door');
		expect(state.fileOutcomes.map((f) => [f.name, f.ok, f.summary])).toEqual([
			['good.csv', true, '24 rows read'],
			['photo.png', false, 'no column of counts']
		]);
		expect(state.files).toEqual([{ name: 'good.csv', size: 8, sha256: fakeHash('a,b\n1,2\n') }]);
		const { state: inUrl } = decodeFootfall(new URLSearchParams(url.query));
		expect(inUrl.source).toBe('files');
		expect(inUrl.files).toEqual(state.files);
		expect(url.entries.length).toBe(2); // pushed
		expect(state.health.kind).toBe('ready');
	});

	it('adds a later drop to the files loaded and goes back to the simulation on request', async () => {
		const { state, read } = setup({ readCounters: reader });
		await state.start();
		await state.dropFiles([file('good-a.csv', 'a')]);
		await settled(state);
		await state.dropFiles([file('good-b.csv', 'b')]);
		await settled(state);
		expect(read[1].map((s) => s.path)).toEqual(['good-a.csv', 'good-b.csv']);
		expect(state.files.map((f) => f.name)).toEqual(['good-a.csv', 'good-b.csv']);
		await state.backToSimulation();
		await settled(state);
		expect(state.source).toBe('sim');
		expect(state.files).toEqual([]);
		expect(state.loaded).toEqual(defaultSimulation());
		expect(state.storeNames).toHaveLength(5);
	});

	it('keeps the data shown when no dropped file can be read, and says why per file', async () => {
		const { state, log } = setup();
		await state.start();
		await settled(state);
		const inserts = log.filter((l) => l.startsWith('insert readings_next')).length;
		await state.dropFiles([file('notes.txt', 'hello')]);
		expect(state.status).toEqual({
			kind: 'error',
			message:
				'No readings could be loaded from the file; the data shown is unchanged. notes.txt: not a counter file'
		});
		expect(state.source).toBe('sim');
		expect(state.loaded).toEqual(defaultSimulation());
		expect(state.hasData).toBe(true);
		expect(log.filter((l) => l.startsWith('insert readings_next')).length).toBe(inserts);
	});

	it("waits for a link's files, holds dropped ones until all are there, then shows the link's view", async () => {
		const text = 'date,hour\n';
		const ref = { name: 'good.csv', size: text.length, sha256: fakeHash(text) };
		const view: FootfallView = {
			store: 'Paris',
			sensor: 1,
			resolution: 'hourly',
			weekdays: [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[],
			from: '2024-07-04',
			to: '2024-07-05',
			hourFrom: 0,
			hourTo: 23
		};
		const q = footfallQuery({
			...defaultFootfallState(),
			source: 'files',
			files: [ref],
			view,
			trend: 'monthly'
		});
		const { state, url, runs, read } = setup({
			url: memoryUrl(`?${q}`),
			readCounters: (sources) => reader(sources, true)
		});
		await state.start();
		expect(runs).toEqual([]);
		expect(state.status.kind).toBe('waiting');
		expect(state.wantedFiles).toEqual([ref]);
		expect(state.trend).toBe('monthly');
		expect(url.entries).toEqual([q]);

		await state.dropFiles([file('good.csv', 'something else')]);
		expect(read).toEqual([]); // a different file of that name is held, not read
		expect(state.heldFiles).toHaveLength(1);

		await state.dropFiles([file('copy/good.csv', text)]);
		await settled(state);
		expect(read).toHaveLength(1);
		expect(read[0].map((s) => s.path)).toEqual(['copy/good.csv']);
		expect(state.wantedFiles).toEqual([]);
		expect(state.heldFiles).toEqual([]);
		expect(state.view).toEqual(view);
		expect(url.entries).toHaveLength(1); // the link's entry, rewritten in place
		// The address reads back as this view against the files' stores and days.
		const back = decodeFilesLink(url.query, state.extent!);
		expect(back.problems).toEqual([]);
		expect(back.state.view).toEqual(view);
	});
});

describe('links to files of other stores and days', () => {
	it('keep their view: it is read against the files, not the demo', async () => {
		const clock = { t: 0 };
		const first = setup({ readCounters: reader, now: () => clock.t });
		await first.state.start();
		await first.state.dropFiles([file('good.csv', 'x')]);
		await settled(first.state);
		clock.t += 1000;
		first.state.setView({ sensor: 1, resolution: 'hourly', from: '2024-03-04', to: '2024-03-05' });
		await settled(first.state);
		const link = first.url.query;
		expect(link).toContain('src=files');

		const second = setup({ url: memoryUrl(`?${link}`), readCounters: reader });
		await second.state.start();
		expect(second.state.urlProblems).toEqual([]); // not "Door is not a store of this simulation"
		expect(second.url.query).toBe(link); // kept as it is while the file is awaited
		await second.state.dropFiles([file('good.csv', 'x')]);
		await settled(second.state);
		expect(second.state.urlProblems).toEqual([]);
		expect(second.state.view).toEqual(first.state.view);
		expect(second.url.entries).toEqual([link]);
		expect(second.state.sensorNames[second.state.view.sensor!]).toBe('out');

		// Back and Forward between views of the same files apply them without asking again.
		clock.t += 1000; // a change of its own, not coalesced with the one before
		first.state.setView({ sensor: 0 });
		await settled(first.state);
		first.url.go(-1);
		await settled(first.state);
		expect(first.state.view).toMatchObject({ store: 'Door', sensor: 1, from: '2024-03-04' });
		expect(first.state.urlProblems).toEqual([]);
		expect(first.state.wantedFiles).toEqual([]);
	});
});

describe("a link's files not given", () => {
	it('runs the demo instead when asked, and the address says so', async () => {
		const ref = { name: 'x.csv', size: 3, sha256: '0123456789abcdef' };
		const q = footfallQuery({ ...defaultFootfallState(), source: 'files', files: [ref] });
		const { state, url, runs } = setup({ url: memoryUrl(`?${q}`) });
		await state.start();
		expect(state.status.kind).toBe('waiting');
		await state.dismissWantedFiles();
		expect(runs).toHaveLength(1);
		expect(state.source).toBe('sim');
		expect(state.wantedFiles).toEqual([]);
		expect(url.entries).toEqual(['']);
	});
});

describe('trends and alerts', () => {
	it("keeps the trends' period in the address and queries them for the view's store", async () => {
		const trends: Query[] = [];
		const { state, url } = setup({
			gate: (q) => {
				if (isTrend(q)) trends.push(q);
				return undefined;
			}
		});
		await state.start();
		await settled(state);
		expect(state.trendData).toMatchObject({ store: 'Madrid', period: 'weekly' });
		expect(state.trendReady).toBe(true);
		state.setTrend('monthly');
		expect(url.query).toBe('v=1&trend=monthly');
		await settled(state);
		expect(state.trendData).toMatchObject({ store: 'Madrid', period: 'monthly' });
		expect(trends.at(-1)?.sql).toContain("date_trunc('month'");
		url.go(-1);
		await settled(state);
		expect(state.trend).toBe('weekly');
		expect(state.trendData?.period).toBe('weekly');
	});

	it("opens an alert's view as a new history entry, every hour of its days", async () => {
		const { state, url } = setup();
		await state.start();
		await settled(state);
		const alert = {
			view: {
				store: 'Paris',
				sensor: 3,
				resolution: 'hourly',
				from: '2024-07-02',
				to: '2024-07-03'
			}
		} as Alert;
		expect(state.alertHref(alert.view)).toBe(
			'?v=1&store=Paris&sensor=3&res=hourly&from=2024-07-02&to=2024-07-03'
		);
		state.setView({ hourFrom: 8, hourTo: 9 });
		const entries = url.entries.length;
		state.openAlert(alert);
		await settled(state);
		expect(url.entries.length).toBe(entries + 1);
		expect(state.view).toMatchObject({ store: 'Paris', sensor: 3, hourFrom: 0, hourTo: 23 });
		expect(state.rowsView?.store).toBe('Paris');
		url.go(-1);
		await settled(state);
		expect(state.view).toMatchObject({ store: 'Madrid', hourFrom: 8, hourTo: 9 });
	});

	it('filters the alerts by kind and store', async () => {
		const { state } = setup();
		await state.start();
		await settled(state);
		const a = (id: string, kind: Alert['kind'], store: string) => ({ id, kind, store }) as Alert;
		state.alerts = [
			a('1', 'sensor-down', 'Paris'),
			a('2', 'abnormal-day', 'Paris'),
			a('3', 'sensor-down', 'Roma')
		];
		state.setAlertFilter({ kind: 'sensor-down' });
		expect(state.shownAlerts.map((x) => x.id)).toEqual(['1', '3']);
		state.setAlertFilter({ store: 'Roma' });
		expect(state.shownAlerts.map((x) => x.id)).toEqual(['3']);
		state.setAlertFilter({ kind: null, store: null });
		expect(state.shownAlerts).toHaveLength(3);
	});
});

describe('the alerts filter in the address', () => {
	it('adds a history entry per change, reads it from a link, and follows Back', async () => {
		const clock = { t: 0 };
		const { state, url } = setup({ now: () => clock.t });
		await state.start();
		await settled(state);
		state.setAlertFilter({ kind: 'sensor-down' });
		expect(url.query).toBe('v=1&alertKind=sensor-down');
		clock.t += 1000;
		state.setAlertFilter({ store: 'Roma' });
		expect(url.query).toBe('v=1&alertKind=sensor-down&alertStore=Roma');
		const entries = url.entries.length;
		state.setAlertFilter({ store: 'Roma' }); // no change, no entry
		expect(url.entries.length).toBe(entries);
		// An alert's link keeps the panel's filter.
		expect(
			state.alertHref({
				store: 'Paris',
				sensor: null,
				resolution: 'daily',
				from: '2024-07-02',
				to: '2024-07-03'
			})
		).toBe('?v=1&store=Paris&from=2024-07-02&to=2024-07-03&alertKind=sensor-down&alertStore=Roma');
		url.go(-1);
		await settled(state);
		expect(state.alertFilter).toEqual({ kind: 'sensor-down', store: null });
		url.go(-1);
		await settled(state);
		expect(state.alertFilter).toEqual({ kind: null, store: null });

		const link = setup({ url: memoryUrl('?v=1&alertKind=abnormal-day&alertStore=Berlin') });
		await link.state.start();
		await settled(link.state);
		expect(link.state.urlProblems).toEqual([]);
		expect(link.state.alertFilter).toEqual({ kind: 'abnormal-day', store: 'Berlin' });
		const bad = setup({ url: memoryUrl('?v=1&alertKind=down&alertStore=Lisboa') });
		await bad.state.start();
		expect(bad.state.alertFilter).toEqual({ kind: null, store: null });
		expect(bad.state.urlProblems).toHaveLength(2);
		expect(bad.url.query).toBe('');
	});

	it('shows every store again when a new run has no store of that name', async () => {
		const { state } = setup();
		await state.start();
		await settled(state);
		state.setAlertFilter({ store: 'Paris' });
		const sim = defaultSimulation();
		await state.simulate({ ...sim, stores: sim.stores.filter((s) => s.name !== 'Paris') });
		await settled(state);
		expect(state.alertStore).toBeNull();
	});
});

describe('links to files: the view is checked against the files once they are loaded', () => {
	it("keeps 'all of it' all of it, and the alerts filter; a store the files lack is named", async () => {
		const clock = { t: 0 };
		const first = setup({ readCounters: reader, now: () => clock.t });
		await first.state.start();
		await first.state.dropFiles([file('good.csv', 'x')]);
		await settled(first.state);
		clock.t += 1000;
		first.state.setAlertFilter({ kind: 'sensor-down', store: 'Door' });
		const link = first.url.query;
		// The files' first store and every one of their days are written as nothing.
		expect(link).not.toMatch(/[?&](store|from|to)=/);
		expect(link).toContain('alertKind=sensor-down&alertStore=Door');

		const second = setup({ url: memoryUrl(`?${link}`), readCounters: reader });
		await second.state.start();
		expect(second.state.urlProblems).toEqual([]);
		await second.state.dropFiles([file('good.csv', 'x')]);
		await settled(second.state);
		expect(second.state.view).toEqual(first.state.view);
		expect(second.state.alertFilter).toEqual({ kind: 'sensor-down', store: 'Door' });
		expect(second.url.entries).toEqual([link]);

		const elsewhere = link.replace('alertStore=Door', 'alertStore=Gate') + '&store=Gate';
		const third = setup({ url: memoryUrl(`?${elsewhere}`), readCounters: reader });
		await third.state.start();
		expect(third.state.urlProblems).toEqual([]); // its form is fine
		await third.state.dropFiles([file('good.csv', 'x')]);
		await settled(third.state);
		expect(third.state.view.store).toBe('Door');
		expect(third.state.alertFilter.store).toBeNull();
		expect(third.state.urlProblems).toEqual([
			'store="Gate": is not a store of these files; using the first store, "Door"',
			'alertStore="Gate": is not a store of these files; using the alerts of every store'
		]);
	});
});

// The fake answers the health step's queries with no rows: make sure they are the ones asked.
it('asks the health step its matrix and trend queries', () => {
	expect(isMatrix({ sql: 'SELECT list(hour ORDER BY hour)', params: [] })).toBe(true);
	expect(isTrend({ sql: 'SELECT period_days', params: [] })).toBe(true);
});
