/**
 * Footfall counter files (the original's data file, long and wide tables of counts) read
 * into the footfall explorer's data. Pure: bytes in, plain data out; no DOM.
 */
export { readCounters, dayOfHour } from './read';
export {
	proposeCounterMapping,
	mappingProblems,
	isOriginalTable,
	findTotalColumn,
	ORIGINAL_COLUMNS
} from './propose';
export { naturalCompare, hourOfWeek } from './merge';
export { parseIsoWall, parseSlashWall, dstChangeHours } from './times';
export * from './types';
