/**
 * The explorer's rune class and its address, with an in-memory history: the address
 * names the simulation and the view the page opens on; a view change adds a history
 * entry (or replaces one made just before); Back and Forward apply the entry, running
 * the simulation again only when it differs; a tampered address is reported and
 * replaced by the defaults.
 */
import { describe, expect, it, vi } from 'vitest';
import { COALESCE_MS, type FootfallState } from '../../../src/lib/state/footfall.svelte';
import { linkProblem } from '../../../src/lib/state/footfall-link';
import {
	defaultSimulation,
	type FootfallView,
	type SimulationParams
} from '../../../src/lib/domain/footfall';
import { defaultView, extentOf } from '../../../src/lib/state/view';
import { memoryUrl } from '../../../src/lib/state/url';
import { defaultFootfallState, footfallQuery } from '../../../src/lib/url-state';
import { setup } from './footfall-fakes';

const settled = (s: FootfallState) => vi.waitFor(() => expect(s.querying).toBe(false));

/** A clock the test moves; each test's changes are spaced explicitly. */
function clock() {
	const c = { t: 10_000, now: () => c.t };
	return c;
}

const inserts = (log: string[]) => log.filter((l) => l.startsWith('insert')).length;

describe('FootfallState and the address', () => {
	it('opens the bare path on the demo and leaves the address alone', async () => {
		const { state, url } = setup({ url: memoryUrl('') });
		await state.start();
		await settled(state);
		expect(state.loaded).toEqual(defaultSimulation());
		expect(state.view).toEqual(defaultView(extentOf(defaultSimulation())));
		expect(state.urlProblems).toEqual([]);
		expect(url.entries).toEqual(['']);
		expect(state.query).toBe('');
	});

	it('runs the simulation the address names and shows its view', async () => {
		const sim: SimulationParams = { ...defaultSimulation(), seed: 'abc', end: '2024-07-31' };
		const view: FootfallView = {
			store: 'Paris',
			sensor: 12,
			resolution: 'hourly',
			weekdays: [1, 2, 3, 4, 5, 6, 7],
			from: '2024-07-08',
			to: '2024-07-14',
			hourFrom: 8,
			hourTo: 17
		};
		const q = footfallQuery({ ...defaultFootfallState(sim), view });
		expect(q).toBe(
			'v=1&seed=abc&end=2024-07-31&store=Paris&sensor=12&res=hourly&days=1234567&from=2024-07-08&to=2024-07-14&hours=8-17'
		);
		const { state, url, runs } = setup({ url: memoryUrl(`?${q}`) });
		const started = state.start();
		// The controls show the address's view while the simulation runs.
		expect(state.view).toMatchObject({ store: 'Paris', sensor: 12, resolution: 'hourly' });
		expect(state.paramsFromUrl).toBe(1);
		await started;
		await settled(state);
		expect(runs).toEqual([sim]);
		expect(state.loaded).toEqual(sim);
		expect(state.view).toEqual(view);
		expect(state.rowsView).toEqual(state.view);
		expect(state.sql).toContain("'Paris'");
		expect(state.urlProblems).toEqual([]);
		expect(url.entries).toEqual([q]); // already canonical: not rewritten
	});

	it('migrates a version-0 address and rewrites it once, in place', async () => {
		const { state, url } = setup({ url: memoryUrl('?resolution=hourly&store=Paris') });
		await state.start();
		await settled(state);
		expect(state.view).toMatchObject({ store: 'Paris', sensor: null, resolution: 'hourly' });
		expect(state.urlProblems).toEqual([]);
		expect(url.entries).toEqual(['v=1&store=Paris&res=hourly']);
	});

	it('reports every tampered value as text and uses the defaults instead', async () => {
		const { state, url } = setup({
			url: memoryUrl('?v=1&store=<script>alert(1)</script>&sensor=999&res=yearly&hours=30-2')
		});
		await state.start();
		await settled(state);
		expect(state.loaded).toEqual(defaultSimulation());
		expect(state.view).toEqual(defaultView(extentOf(defaultSimulation())));
		expect(state.urlProblems).toHaveLength(4);
		for (const [i, key] of ['store=', 'sensor=', 'res=', 'hours='].entries()) {
			expect(state.urlProblems[i].startsWith(key)).toBe(true);
		}
		for (const p of state.urlProblems) expect(p).not.toMatch(/[<>]/);
		expect(state.urlProblems[0]).toContain('\\u003cscript\\u003e');
		expect(url.entries).toEqual(['']); // the defaults are the bare path
		state.dismissUrlProblems();
		expect(state.urlProblems).toEqual([]);
	});

	it('adds a history entry per view change, one for changes in quick succession', async () => {
		const c = clock();
		const { state, url } = setup({ now: c.now });
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris' });
		c.t += COALESCE_MS - 1;
		state.setView({ sensor: 3 }); // typing on: replaces the entry just made
		c.t += COALESCE_MS;
		state.setView({ resolution: 'hourly' });
		c.t += 10 * COALESCE_MS;
		state.setView({ resolution: 'hourly' }); // no change, no entry
		await settled(state);
		expect(url.entries).toEqual([
			'',
			'v=1&store=Paris&sensor=3',
			'v=1&store=Paris&sensor=3&res=hourly'
		]);
		expect(url.index).toBe(2);
	});

	it('follows Back and Forward without simulating again when only the view differs', async () => {
		const c = clock();
		const { state, url, log } = setup({ now: c.now });
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris', sensor: 12 });
		await settled(state);
		c.t += 1000;
		state.setView({ resolution: 'weekly', from: '2024-07-08' });
		await settled(state);
		const loads = inserts(log);

		url.go(-1);
		expect(state.view).toMatchObject({ store: 'Paris', sensor: 12, resolution: 'daily' });
		expect(state.view.from).toBe('2024-07-01');
		await settled(state);
		expect(state.rowsView).toEqual(state.view);
		expect(state.rows[0].count).toBe(1); // Paris's rows
		url.go(-1);
		await settled(state);
		expect(state.view).toEqual(defaultView(extentOf(defaultSimulation())));
		url.go(2);
		await settled(state);
		expect(state.view).toMatchObject({ resolution: 'weekly', from: '2024-07-08' });
		expect(state.rowsView).toEqual(state.view);
		expect(inserts(log)).toBe(loads); // no new run
		expect(url.entries).toHaveLength(3); // popping wrote no entry

		// A change right after Back is a new entry (it drops the forward ones), not a replacement.
		url.go(-1);
		state.setView({ sensor: 2 });
		expect(url.entries).toEqual(['', 'v=1&store=Paris&sensor=12', 'v=1&store=Paris&sensor=2']);
	});

	it('pushes a run from the panel, and Back runs the previous simulation again', async () => {
		const c = clock();
		const { state, url, runs } = setup({ now: c.now });
		await state.start();
		await settled(state);
		state.setView({ store: 'Berlin', sensor: 4 });
		await settled(state);
		c.t += 50; // a run right after a view change still gets its own entry
		await state.simulate({ ...defaultSimulation(), end: '2024-07-31' });
		await settled(state);
		expect(state.view).toMatchObject({ store: 'Berlin', sensor: 4, to: '2024-07-31' });
		expect(url.entries).toEqual([
			'',
			'v=1&store=Berlin&sensor=4',
			'v=1&end=2024-07-31&store=Berlin&sensor=4'
		]);
		c.t += 50;
		state.setView({ sensor: 5 });
		expect(url.entries.at(-1)).toBe('v=1&end=2024-07-31&store=Berlin&sensor=5');
		expect(url.entries).toHaveLength(4);

		const formRuns = state.paramsFromUrl;
		url.go(-2);
		await vi.waitFor(() => expect(state.loaded).toEqual(defaultSimulation()));
		await settled(state);
		expect(runs).toHaveLength(3);
		expect(state.params).toEqual(defaultSimulation());
		expect(state.paramsFromUrl).toBe(formRuns + 1); // the form starts over from it
		expect(state.view).toMatchObject({ store: 'Berlin', sensor: 4, to: '2024-08-07' });
		expect(state.rowsView).toEqual(state.view);
		expect(url.index).toBe(1);
		expect(url.entries).toHaveLength(4);
	});

	it('keeps the address of the data shown when a run fails', async () => {
		const { state, url } = setup();
		await state.start();
		await settled(state);
		state.setView({ store: 'Roma' });
		await settled(state);
		const bad = defaultSimulation();
		bad.stores[0].pFail = 2;
		await state.simulate(bad);
		expect(state.status.kind).toBe('error');
		expect(url.entries).toEqual(['', 'v=1&store=Roma']);
		expect(state.query).toBe('v=1&store=Roma');
	});

	it('refuses a run the address could not hold, so no link reopens another simulation', async () => {
		const { state, url, runs } = setup();
		await state.start();
		await settled(state);
		const unnamed = defaultSimulation();
		unnamed.stores[1].name = '';
		await state.simulate(unnamed);
		expect(state.status).toEqual({
			kind: 'error',
			message:
				'This simulation cannot be kept in the page\'s address, so a link could not reopen it: stores: store 2 name "" must not be empty.'
		});
		expect(state.runError).toBe(state.status.kind === 'error' ? state.status.message : null);
		expect(runs).toHaveLength(1);
		expect(state.loaded).toEqual(defaultSimulation());
		expect(url.entries).toEqual(['']);
		await state.simulate({ ...defaultSimulation(), seed: 'x'.repeat(101) });
		expect(state.runError).toMatch(
			/seed="x+…" \(101 characters\): must be at most 100 characters\.$/
		);
		expect(runs).toHaveLength(1);
	});

	it('names what keeps a simulation out of the address, and only that', () => {
		const twins = defaultSimulation();
		twins.stores[1].name = 'Madrid';
		expect(linkProblem(twins)).toMatch(/store 2 name "Madrid" is used twice\.$/);
		expect(linkProblem(defaultSimulation())).toBeNull();
		expect(linkProblem({ ...defaultSimulation(), seed: '' })).toBeNull();
		// The simulator refuses this itself, with its own words: not a link problem.
		const bad = defaultSimulation();
		bad.stores[0].pFail = 2;
		expect(linkProblem(bad)).toBeNull();
	});

	it('follows Back pressed during a run once the run is over', async () => {
		const { state, url, runs } = setup();
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris' });
		await settled(state);
		const run = state.simulate({ ...defaultSimulation(), end: '2024-07-20' });
		expect(state.busy).toBe(true);
		url.go(-1); // to the bare path, while the run is under way
		await run;
		await vi.waitFor(() => expect(state.loaded).toEqual(defaultSimulation()));
		await settled(state);
		expect(runs.map((r) => r.end)).toEqual(['2024-08-07', '2024-07-20', '2024-08-07']);
		expect(state.view).toEqual(defaultView(extentOf(defaultSimulation())));
		expect(url.entries).toEqual(['', 'v=1&store=Paris']); // the run was not recorded
		expect(url.index).toBe(0);
	});

	it('stops following the address after stop()', async () => {
		const c = clock();
		const { state, url } = setup({ now: c.now });
		await state.start();
		await settled(state);
		state.setView({ store: 'Paris' });
		await settled(state);
		state.stop();
		url.go(-1);
		expect(state.view.store).toBe('Paris');
	});
});

describe('FootfallState: the table sort and the chart layers in the address', () => {
	const queries = (log: string[]) => log.filter((l) => !l.startsWith('insert')).length;

	it('opens a link with a sort and hidden layers as it says', async () => {
		const { state, url } = setup({ url: memoryUrl('?v=1&store=Paris&sort=-visits&hide=baseline') });
		await state.start();
		await settled(state);
		expect(state.view.store).toBe('Paris');
		expect(state.table).toEqual({ sort: 'visits', dir: 'desc' });
		expect(state.chart).toEqual({ baseline: false, imputed: true, markers: true });
		expect(state.urlProblems).toEqual([]);
		expect(url.entries).toEqual(['v=1&store=Paris&sort=-visits&hide=baseline']);
	});

	it('pushes a sort and a layer change, sorts without a query, and Back and Forward restore them', async () => {
		const c = clock();
		const { state, url, log } = setup({ now: c.now });
		await state.start();
		await settled(state);
		const before = queries(log);
		state.setTableSort({ sort: 'visits', dir: 'desc' });
		expect(state.tableRows).toEqual(state.rows);
		c.t += 1000;
		state.setChartLayers({ baseline: false });
		c.t += 1000;
		state.setChartLayers({ markers: false, imputed: false });
		c.t += 1000;
		state.setTableSort({ sort: 'visits', dir: 'desc' }); // no change, no entry
		state.setChartLayers({ baseline: false });
		await settled(state);
		expect(url.entries).toEqual([
			'',
			'v=1&sort=-visits',
			'v=1&sort=-visits&hide=baseline',
			'v=1&sort=-visits&hide=baseline,imputed,markers'
		]);
		expect(queries(log)).toBe(before); // sorting and hiding query nothing

		url.go(-1);
		expect(state.chart).toEqual({ baseline: false, imputed: true, markers: true });
		url.go(-2);
		expect(state.table).toEqual({ sort: 'time', dir: 'asc' });
		expect(state.chart).toEqual({ baseline: true, imputed: true, markers: true });
		url.go(3);
		expect(state.table).toEqual({ sort: 'visits', dir: 'desc' });
		expect(state.chart).toEqual({ baseline: false, imputed: false, markers: false });
		await settled(state);
		expect(url.entries).toHaveLength(4); // popping wrote no entry
		expect(queries(log)).toBe(before);
	});

	it('keeps the sort and the layers across a view change and in alert links', async () => {
		const c = clock();
		const { state, url } = setup({ now: c.now });
		await state.start();
		await settled(state);
		state.setTableSort({ sort: 'share', dir: 'asc' });
		c.t += 1000;
		state.setView({ store: 'Paris' });
		await settled(state);
		expect(url.query).toBe('v=1&store=Paris&sort=share');
		expect(state.queryWith({ ...state.view, sensor: 1 })).toBe(
			'v=1&store=Paris&sensor=1&sort=share'
		);
	});

	it('reports a tampered sort or layer list and uses the defaults', async () => {
		const { state, url } = setup({ url: memoryUrl('?v=1&sort=price&hide=axis') });
		await state.start();
		await settled(state);
		expect(state.table).toEqual({ sort: 'time', dir: 'asc' });
		expect(state.chart).toEqual({ baseline: true, imputed: true, markers: true });
		expect(state.urlProblems).toHaveLength(2);
		expect(state.urlProblems[0]).toMatch(/^sort=/);
		expect(state.urlProblems[1]).toMatch(/^hide=/);
		expect(url.entries).toEqual(['']);
	});
});
