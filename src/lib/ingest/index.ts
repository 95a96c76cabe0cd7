/**
 * Ingest of wearable recordings: sniff dropped files by content, read them, and plan the
 * device-days the detection kernel runs on. Pure: bytes in, plain data out; no DOM.
 */
export { planIngest, remapTable, readFilePart, assemblePlan, type FilePart } from './plan';
export {
	IngestSession,
	DEFAULT_STREAM_ABOVE_BYTES,
	type SessionOptions,
	type SessionPlan
} from './session';
export {
	DIGEST_MAX_BYTES,
	readHelpedParts,
	helpedBuffers,
	subtleDigest,
	type HelpedPart,
	type PartHelper
} from './helper';
export { streamTable, isStreamable } from './stream';
export { sniff, guessOriginalSignal } from './sniff';
export { isParquet, isZip } from './bytes';
export { proposeMapping, applyMapping, signalFromName } from './mapping';
export {
	parseDelimited,
	parseJsonTable,
	parseNdjsonTable,
	DelimitedReader,
	NdjsonReader
} from './table';
export { parseIntColumn, parseDecimal, describeColumnError } from './numbers';
export { matchOriginalLayout, normalisePath } from './paths';
export { TARGET_HZ } from './series';
export * from './types';
