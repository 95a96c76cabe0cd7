/** Pure SQL builders for the footfall explorer. See README.md in the parent folder. */
export { sqlLiteral, toDisplaySql, checkDate } from './literal';
export {
	READINGS,
	STORES,
	readingsTableSql,
	storesTableSql,
	timestampLiteral,
	lockdownSql
} from './schema';
export { DERIVED, materializeSql } from './materialize';
export {
	BASELINE_MARGIN_DAYS,
	HEATMAP_HOURLY_MAX_DAYS,
	VIEW_COLUMNS,
	checkViewSpec,
	daysInRange,
	heatmapDailyQuery,
	heatmapGranularity,
	viewQuery,
	type HeatmapDailyRow,
	type HeatmapGranularity,
	type ReadingStatus,
	type ViewRow,
	type ViewSpec
} from './view';
export { heatmapQuery, type HeatmapRow, type HeatmapSpec } from './heatmap';
export { storeSummaryQuery, type StoreSummaryRow } from './summary';
export * from './wearables';
export {
	HEALTH_COLUMNS,
	HEALTH_DAYS,
	HEALTH_HOURS,
	HEALTH_STORE_DAYS,
	HEALTH_TABLES,
	IMPUTED_DAILY_SENSOR,
	IMPUTED_DAILY_STORE,
	IMPUTED_HOURLY_STORE,
	IMPUTED_KIND_CODES,
	clearHealthSql,
	healthTablesSql,
	imputedSql
} from './health';
export {
	DAYS_PER_YEAR,
	TREND_COLUMNS,
	checkTrendSpec,
	trendQuery,
	type TrendPeriod,
	type TrendRow,
	type TrendSpec
} from './trend';
