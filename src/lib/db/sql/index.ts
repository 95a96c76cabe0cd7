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
