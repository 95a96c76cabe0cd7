/**
 * Long-term trends of one store (issue 5 item 4): weekly or monthly totals, raw and with
 * failed readings imputed (`health.ts`), a least-squares trend line through the full
 * periods, the year-over-year change and the trend's growth per year.
 *
 * Definitions (all over the selected weekdays only, like the weekly and monthly views):
 * - The store's span runs from its first open day (the first day with a reading that is
 *   not "Shop closed", or an imputed hour) to its last day with data. Periods are ISO
 *   weeks (Monday) or calendar months overlapping the span.
 * - `period_days`: selected weekdays in the whole period; `days`: those inside the span.
 *   A period is `partial` when days < period_days (the first and last periods, usually).
 * - Trend: the per-day rate (total / days) of the full periods is fitted against the
 *   period's start (days since 1970) with DuckDB's `regr_slope` / `regr_intercept`; the
 *   trend of a period is that rate at its start times its days. Fitting rates, not totals,
 *   keeps months of 28 to 31 days and partial periods comparable with the line. Fewer than
 *   two full periods: no trend (NULL).
 * - Year over year: the per-day rate against the same week 52 weeks (364 days) earlier or
 *   the same month a year earlier; NULL without that period or when its rate is 0.
 * - Growth per year, in %: the fitted slope over a year (365.25 days) relative to the mean
 *   rate of the full periods. The same on every row.
 *
 * Reads `daily_store` and `imputed_daily_store` (a few thousand rows per store); values are
 * bound, the date_trunc unit and the year-over-year offset come from fixed maps.
 */
import type { IsoWeekday } from '../../domain/footfall';
import type { Query, SqlValue } from '../client';
import { IMPUTED_DAILY_STORE } from './health';

export type TrendPeriod = 'weekly' | 'monthly';

export interface TrendSpec {
	store: string;
	period: TrendPeriod;
	/** ISO weekdays summed (Monday = 1 ... Sunday = 7); none gives no rows. */
	weekdays: readonly IsoWeekday[];
}

/** One row of `trendQuery`, one per period, oldest first. */
export interface TrendRow extends Record<string, unknown> {
	/** Start of the period (a Monday or the 1st), epoch ms of the naive wall-clock midnight. */
	t: number;
	/** Selected weekdays of the period inside the store's span of data. */
	days: number;
	/** Selected weekdays of the whole period. */
	period_days: number;
	/** days < period_days: the period is cut by the start or end of the data. */
	partial: boolean;
	/** Visits (failed and closed readings count 0). */
	count: number;
	/** Visits with failed, zero and missing readings imputed. */
	imputed_count: number;
	/** Imputed part of imputed_count, 0..1. */
	imputed_share: number;
	/** The trend line's total for the period's days; null with fewer than 2 full periods. */
	trend_count: number | null;
	trend_imputed: number | null;
	/** Change of the per-day rate against a year earlier, in %; null without one. */
	yoy_pct: number | null;
	yoy_imputed_pct: number | null;
	/** The trend's growth per year relative to the mean rate, in %; null without a trend. */
	growth_pct: number | null;
	growth_imputed_pct: number | null;
}

/** Output columns of `trendQuery`, in order. */
export const TREND_COLUMNS = [
	't',
	'days',
	'period_days',
	'partial',
	'count',
	'imputed_count',
	'imputed_share',
	'trend_count',
	'trend_imputed',
	'yoy_pct',
	'yoy_imputed_pct',
	'growth_pct',
	'growth_imputed_pct'
] as const;

const UNITS: Record<TrendPeriod, { unit: string; year: string }> = {
	weekly: { unit: 'week', year: 'INTERVAL 364 DAY' },
	monthly: { unit: 'month', year: 'INTERVAL 1 YEAR' }
};

/** Days in a year, for the growth per year. */
export const DAYS_PER_YEAR = 365.25;

/** Validated copy of a spec (weekdays sorted, unique); throws RangeError otherwise. */
export function checkTrendSpec(spec: TrendSpec): TrendSpec {
	if (typeof spec.store !== 'string') throw new RangeError('trend: store must be a string');
	if (!Object.hasOwn(UNITS, spec.period)) {
		throw new RangeError(`trend: unknown period ${JSON.stringify(spec.period)}`);
	}
	if (!Array.isArray(spec.weekdays)) throw new RangeError('trend: weekdays must be an array');
	for (const d of spec.weekdays) {
		if (!(Number.isInteger(d) && d >= 1 && d <= 7)) throw new RangeError(`trend: bad weekday ${d}`);
	}
	return { ...spec, weekdays: [...new Set(spec.weekdays)].sort((a, b) => a - b) };
}

/** One row per period of one store's totals with their trend; see the module comment. */
export function trendQuery(spec: TrendSpec): Query {
	const s = checkTrendSpec(spec);
	const { unit, year } = UNITS[s.period];
	const params: SqlValue[] = [];
	const bind = (v: SqlValue) => (params.push(v), '?');
	// A function: placeholders are numbered in bind() order, so bind in text order.
	const weekdays = () =>
		s.weekdays.length === 0
			? 'FALSE'
			: `isodow(c.date) IN (${s.weekdays.map((d) => bind(d)).join(', ')})`;
	const rate = (total: string, days = 'days') => `${total} / ${days}`;
	const sql = `WITH d AS (
  SELECT date, a.count, a.readings, a.closed, i.imputed_add, i.imputed_part
  FROM (SELECT date, count, readings, closed FROM daily_store WHERE store = ${bind(s.store)}) a
  FULL JOIN (SELECT date, imputed_add, imputed_part FROM ${IMPUTED_DAILY_STORE} WHERE store = ${bind(s.store)}) i
  USING (date)
), span AS (
  SELECT min(date) FILTER (WHERE readings IS NULL OR closed < readings) AS first, max(date) AS last
  FROM d
), c AS (
  SELECT CAST(unnest(generate_series(
      CAST(date_trunc('${unit}', span.first) AS TIMESTAMP),
      CAST(date_trunc('${unit}', span.last) + INTERVAL 1 ${unit} - INTERVAL 1 DAY AS TIMESTAMP),
      INTERVAL 1 DAY)) AS DATE) AS date,
    span.first, span.last
  FROM span
  WHERE span.first IS NOT NULL
), p AS (
  SELECT CAST(date_trunc('${unit}', c.date) AS DATE) AS period,
    CAST(count(*) AS INTEGER) AS period_days,
    CAST(count_if(c.date BETWEEN c.first AND c.last) AS INTEGER) AS days,
    CAST(coalesce(sum(d.count) FILTER (WHERE c.date >= c.first), 0) AS DOUBLE) AS count,
    CAST(coalesce(sum(d.imputed_add) FILTER (WHERE c.date >= c.first), 0) AS DOUBLE) AS imputed_add,
    CAST(coalesce(sum(d.imputed_part) FILTER (WHERE c.date >= c.first), 0) AS DOUBLE) AS imputed_part
  FROM c LEFT JOIN d USING (date)
  WHERE ${weekdays()}
  GROUP BY period
), q AS (
  SELECT *, count + imputed_add AS imputed_count,
    CAST(date_diff('day', DATE '1970-01-01', period) AS DOUBLE) AS x,
    days = period_days AS full_period
  FROM p
), fit AS (
  SELECT regr_slope(${rate('count')}, x) AS slope, regr_intercept(${rate('count')}, x) AS intercept,
    avg(${rate('count')}) AS mean,
    regr_slope(${rate('imputed_count')}, x) AS slope_i, regr_intercept(${rate('imputed_count')}, x) AS intercept_i,
    avg(${rate('imputed_count')}) AS mean_i
  FROM q
  WHERE full_period
  HAVING count(*) >= 2
)
SELECT CAST(q.period AS TIMESTAMP) AS t,
  q.days, q.period_days,
  NOT q.full_period AS partial,
  CAST(q.count AS DOUBLE) AS count,
  CAST(q.imputed_count AS DOUBLE) AS imputed_count,
  CAST(CASE WHEN q.imputed_count > 0 THEN q.imputed_part / q.imputed_count ELSE 0 END AS DOUBLE) AS imputed_share,
  CAST((fit.intercept + fit.slope * q.x) * q.days AS DOUBLE) AS trend_count,
  CAST((fit.intercept_i + fit.slope_i * q.x) * q.days AS DOUBLE) AS trend_imputed,
  CAST(CASE WHEN y.count > 0 AND y.days > 0
    THEN 100 * (${rate('q.count', 'q.days')} - ${rate('y.count', 'y.days')}) / (${rate('y.count', 'y.days')}) END AS DOUBLE) AS yoy_pct,
  CAST(CASE WHEN y.imputed_count > 0 AND y.days > 0
    THEN 100 * (${rate('q.imputed_count', 'q.days')} - ${rate('y.imputed_count', 'y.days')}) / (${rate('y.imputed_count', 'y.days')}) END AS DOUBLE) AS yoy_imputed_pct,
  CAST(CASE WHEN fit.mean <> 0 THEN 100 * fit.slope * ${DAYS_PER_YEAR} / fit.mean END AS DOUBLE) AS growth_pct,
  CAST(CASE WHEN fit.mean_i <> 0 THEN 100 * fit.slope_i * ${DAYS_PER_YEAR} / fit.mean_i END AS DOUBLE) AS growth_imputed_pct
FROM q LEFT JOIN fit ON TRUE
LEFT JOIN q y ON y.period = CAST(q.period - ${year} AS DATE)
ORDER BY q.period`;
	return { sql, params };
}
