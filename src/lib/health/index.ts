export {
	checkMatrix,
	mergeReadings,
	storeMatricesFromReadings,
	toStoreMatrix,
	MAX_CELLS,
	type SimulatedStore,
	type StoreColumns,
	type StoreMatrixBuild,
	type StoreMatrixShape
} from './matrix';
export { inferOpenHours, OPEN_SHARE, WEEK_SLOTS, weekSlot } from './open';
export { assertHealthParams, defaultHealthParams, healthParamsProblems, MAX_WEEKS } from './params';
export {
	dayLabel,
	grouped,
	hourFlagReason,
	hourLabel,
	sensorDayReason,
	storeDayReason
} from './reasons';
export {
	addScores,
	scoreHealth,
	simulatedOpenHours,
	type Confusion,
	type HealthScore,
	type TruthMatrix
} from './score';
export {
	KIND_FAILED,
	KIND_HIGH,
	KIND_LOW,
	KIND_MISSING,
	KIND_ZERO,
	storeHealth
} from './store-health';
