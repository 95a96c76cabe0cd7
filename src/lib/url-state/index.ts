/**
 * URL state: each page's view <-> a versioned, validated query string. Pure: no Svelte,
 * no `$app`, no DOM; the page reads `page.url.searchParams` and writes `toQuery(...)`.
 */
export * from './types';
export { migrate, readVersion, type Migrated } from './migrate';
export { toQuery, show } from './text';
export {
	FOOTFALL_KEYS,
	checkFilesView,
	decodeFootfall,
	defaultAlertFilter,
	defaultFilesView,
	defaultFootfallChart,
	defaultFootfallTable,
	decodeStores,
	defaultFootfallState,
	defaultFootfallView,
	encodeFootfall,
	encodeStores,
	footfallQuery,
	footfallUrlLength,
	type FilesData
} from './footfall';
export {
	DETECTION_KEYS,
	WEARABLES_KEYS,
	checkSelection,
	decodeFiles,
	decodeWearables,
	defaultWearablesState,
	encodeFiles,
	encodeWearables,
	wearablesQuery,
	type DetectionKey
} from './wearables';
