/**
 * The footfall page's trends panel: one store's weekly or monthly totals, raw and with
 * failed readings imputed, with their trend lines, year-over-year change and growth per
 * year (`trendQuery` of `db/sql`), as plain data for the chart and the table. Pure apart
 * from `fetchTrend`, which runs the query over a `DbClient`.
 */
import type { DbClient, Row } from '../db/client';
import { toDisplaySql, trendQuery, type TrendSpec } from '../db/sql';
import type { IsoWeekday } from '../domain/footfall';
import type { TrendPeriod } from '../url-state/types';

/** One period of the trends. */
export interface TrendPoint {
	/** Start of the period (a Monday or the 1st), epoch ms of naive wall-clock midnight. */
	t: number;
	/** Selected weekdays of the period with data, and of the whole period. */
	days: number;
	periodDays: number;
	/** The period is cut by the start or end of the data: its total is not comparable. */
	partial: boolean;
	count: number;
	imputed: number;
	/** Imputed part of `imputed`, 0-1. */
	imputedShare: number;
	/** The trend line's total for the period; null with fewer than two full periods. */
	trend: number | null;
	trendImputed: number | null;
	/** Change of the per-day rate against a year earlier, in %; null without one. */
	yoy: number | null;
	yoyImputed: number | null;
}

/** The trends of one store, and what they were asked for. */
export interface TrendData {
	store: string;
	period: TrendPeriod;
	weekdays: IsoWeekday[];
	points: TrendPoint[];
	/** Growth of the trend per year relative to the mean, in %; null without a trend. */
	growth: number | null;
	growthImputed: number | null;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => {
	if (v === null || v === undefined) return null;
	const n = num(v);
	return Number.isFinite(n) ? n : null;
};

/** A `trendQuery` row as a point. */
export function toTrendPoint(r: Row): TrendPoint {
	return {
		t: num(r.t),
		days: num(r.days),
		periodDays: num(r.period_days),
		partial: r.partial === true || r.partial === 1,
		count: num(r.count),
		imputed: num(r.imputed_count),
		imputedShare: num(r.imputed_share ?? 0),
		trend: numOrNull(r.trend_count),
		trendImputed: numOrNull(r.trend_imputed),
		yoy: numOrNull(r.yoy_pct),
		yoyImputed: numOrNull(r.yoy_imputed_pct)
	};
}

/** The trends of `spec` from `trendQuery` rows (growth is the same on every row). */
export function toTrendData(spec: TrendSpec, rows: readonly Row[]): TrendData {
	return {
		store: spec.store,
		period: spec.period,
		weekdays: [...spec.weekdays],
		points: rows.map(toTrendPoint),
		growth: rows.length ? numOrNull(rows[0].growth_pct) : null,
		growthImputed: rows.length ? numOrNull(rows[0].growth_imputed_pct) : null
	};
}

/**
 * The latest full period with a year-over-year change, for the panel's summary: the last
 * period that is not partial and has `yoy` (null when none has).
 */
export function latestYoy(points: readonly TrendPoint[]): TrendPoint | null {
	for (let i = points.length - 1; i >= 0; i--) {
		if (!points[i].partial && points[i].yoy !== null) return points[i];
	}
	return null;
}

export interface TrendResult {
	data: TrendData;
	/** The query with its values written in, for display. */
	sql: string;
	ms: number;
}

/** The trends of one store at one period, over the selected weekdays. */
export async function fetchTrend(db: DbClient, spec: TrendSpec): Promise<TrendResult> {
	const q = trendQuery(spec);
	const t = performance.now();
	const rows = await db.query(q);
	return { data: toTrendData(spec, rows), sql: toDisplaySql(q), ms: performance.now() - t };
}
