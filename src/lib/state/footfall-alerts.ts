/**
 * The alerts panel's side of the state: what `buildAlerts` (of `alerts/`) is given (the
 * health results, each store's weekly trend rows, the data's days), the panel's filter
 * (one kind, one store, or all; the order, newest first, is kept), and the full view an
 * alert's link opens. Pure apart from `fetchAlertTrends`, which runs the trend queries
 * over a `DbClient`.
 */
import type { DbClient } from '../db/client';
import { trendQuery, type TrendRow } from '../db/sql';
import type { FootfallView, IsoWeekday, SimulationParams } from '../domain/footfall';
import type { FileRef } from '../url-state/types';
import type { StoreHealth } from '../domain/health';
import type { Alert, AlertKind, AlertsInput, AlertView, StoreTrend } from '../alerts';
import { dayIndex, normalizeView, type DataExtent } from './view';

export type { Alert as FootfallAlert, AlertKind as FootfallAlertKind };

/** Every weekday: alerts judge a store's whole traffic, whatever the view filters. */
const ALL_WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** The period of the trend rows alerts compare the last periods against. */
export const ALERT_TREND_PERIOD = 'weekly' as const;

/** The kinds of alert, in the words of the panel's filter. */
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
	'sensor-down': 'Sensor down',
	'failed-hours': 'Failed hours',
	'sensor-deviating': 'Sensor off its siblings',
	'abnormal-day': 'Abnormal day',
	'trend-deviation': 'Store off its trend'
};

export interface AlertFilter {
	/** Only this kind; null for all. */
	kind: AlertKind | null;
	/** Only this store; null for all. */
	store: string | null;
}

/** The alerts the filter keeps, in their order (newest first, as `buildAlerts` gives them). */
export function filterAlerts<A extends Pick<Alert, 'kind' | 'store'>>(
	alerts: readonly A[],
	filter: AlertFilter
): A[] {
	return alerts.filter(
		(a) =>
			(filter.kind === null || a.kind === filter.kind) &&
			(filter.store === null || a.store === filter.store)
	);
}

/** Each store's weekly trend rows over every weekday, for the trend alerts (after health is stored). */
export async function fetchAlertTrends(db: DbClient, extent: DataExtent): Promise<StoreTrend[]> {
	const out: StoreTrend[] = [];
	for (const s of extent.stores) {
		const spec = { store: s.name, period: ALERT_TREND_PERIOD, weekdays: ALL_WEEKDAYS };
		const rows = await db.query<TrendRow>(trendQuery(spec));
		out.push({ ...spec, rows });
	}
	return out;
}

/** What `buildAlerts` is given: the health, the trends and the data's first and last day. */
export function alertsInput(
	health: readonly StoreHealth[],
	trends: readonly StoreTrend[],
	extent: Pick<DataExtent, 'start' | 'end'>
): AlertsInput {
	return { health, trends, firstDay: dayIndex(extent.start), lastDay: dayIndex(extent.end) };
}

/**
 * The full view an alert's link opens: its store, sensor, resolution and days, every
 * hour, and its weekdays (else the current view's), made valid for the data.
 */
export function viewOfAlert(
	view: AlertView,
	current: Pick<FootfallView, 'weekdays'>,
	extent: DataExtent
): FootfallView {
	return normalizeView(
		{
			...view,
			weekdays: view.weekdays ? [...view.weekdays] : [...current.weekdays],
			hourFrom: 0,
			hourTo: 23
		},
		extent
	);
}

/**
 * What the data is, in a few words, for reports and file names: the simulation (its
 * generator and seed) or the files' names (the first three, then how many more).
 */
export function dataSourceText(
	source: 'sim' | 'files',
	sim: SimulationParams | null,
	files: readonly FileRef[]
): string {
	if (source === 'files') {
		if (files.length === 0) return 'dropped files';
		const names = files.slice(0, 3).map((f) => f.name);
		const more = files.length > 3 ? ` and ${files.length - 3} more` : '';
		return `${names.join(', ')}${more}`;
	}
	if (!sim) return 'simulation';
	const model = sim.model === 'rich' ? ', rich model' : '';
	return sim.generator === 'numpy'
		? `simulation (numpy generator${model})`
		: `simulation (seed ${sim.seed}${model})`;
}
