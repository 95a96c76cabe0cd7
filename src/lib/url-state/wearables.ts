/**
 * The wearables page's state <-> URL query: data source and dropped-file references,
 * detection mode and every changed detection parameter, the selected device-day, the
 * table's sort and filter, the side-by-side comparison. See README.md for the format.
 */
import {
	DETECTION_MODES,
	defaultDetectionParams,
	type DetectionMode,
	type DetectionParams
} from '../domain/wearables';
import { detectionParamsProblems } from '../detection/params';
import { decodeFiles, encodeFiles } from './files';
import { migrate } from './migrate';
import {
	ParamReader,
	Problems,
	formatNumber,
	isIsoDay,
	parseNumber,
	plain,
	show,
	textProblem,
	toQuery
} from './text';
import {
	URL_STATE_VERSION,
	WEARABLES_SORT_COLUMNS,
	WEARABLES_SOURCES,
	type Decoded,
	type DeviceDayRef,
	type WearablesSortColumn,
	type WearablesSortState,
	type WearablesSource,
	type WearablesUrlState
} from './types';

export {
	MAX_FILES,
	MAX_FILES_CHARS,
	MAX_FILE_NAME_CHARS,
	MAX_HASH_DIGITS,
	MIN_HASH_DIGITS,
	decodeFiles,
	encodeFiles
} from './files';
export const MAX_DEVICE_CHARS = 100;
export const MAX_FILTER_CHARS = 200;
/** What the default order (no `sort`) is called in problems. */
const FAULTY_FIRST = 'the default order, faulty first';

type Group = 'rates' | 'temperature' | 'ppg' | 'quality';

/**
 * One detection parameter as the URL names it (`group.field`, as in `DetectionParams` and
 * in the messages of `detectionParamsProblems`), with the range a shared link may ask for.
 * The ranges are wider than any sensible setting and keep a link from making the page
 * allocate gigabytes (window and rate bound the buffers the kernels allocate);
 * `detectionParamsProblems` then checks the rules between parameters.
 */
export interface DetectionKey {
	key: string;
	group: Group;
	field: string;
	/** `number`: finite; `whole`: integer; `nullable`: a number or `none`; `boolean`: 1 or 0. */
	kind: 'number' | 'whole' | 'nullable' | 'boolean';
	min: number;
	max: number;
}

const BIG = 1e9;
const k = (
	group: Group,
	field: string,
	kind: DetectionKey['kind'],
	min = -BIG,
	max = BIG
): DetectionKey => ({ key: `${group}.${field}`, group, field, kind, min, max });

/** Every numeric and boolean detection parameter, in the order the URL writes them. */
export const DETECTION_KEYS: readonly DetectionKey[] = [
	k('rates', 'onWristHz', 'number', 0, 1024),
	k('rates', 'temperatureHz', 'number', 0, 1024),
	k('rates', 'ppgHz', 'number', 0, 1024),
	k('temperature', 'window', 'whole', 2, 10_000_000),
	k('temperature', 'k', 'number', 0, 1000),
	k('temperature', 'volatilityLimit', 'number'),
	k('temperature', 'avgLow', 'number'),
	k('temperature', 'avgHigh', 'number'),
	k('temperature', 'maxHigh', 'number'),
	k('temperature', 'settleSeconds', 'number', 0, 86_400),
	k('temperature', 'settleAtStart', 'boolean', 0, 1),
	k('ppg', 'ruleHz', 'number', 0, 1024),
	k('ppg', 'minSkip', 'whole', 0, BIG),
	k('ppg', 'minLow', 'number'),
	k('ppg', 'minHigh', 'number'),
	k('ppg', 'avgLow', 'number'),
	k('ppg', 'avgHigh', 'number'),
	k('ppg', 'maxLow', 'number'),
	k('ppg', 'maxHigh', 'number'),
	k('quality', 'flatRunSamples', 'whole', 2, 10_000_000),
	k('quality', 'flatLimit', 'number', 0, 1),
	k('quality', 'railLow', 'nullable'),
	k('quality', 'railHigh', 'nullable'),
	k('quality', 'clipLimit', 'number', 0, 1),
	k('quality', 'pulseWindowSeconds', 'number', 0, 600),
	k('quality', 'minBpm', 'number', 0, 1000),
	k('quality', 'maxBpm', 'number', 0, 1000),
	k('quality', 'minCorrelation', 'number', -1, 1),
	k('quality', 'minPulseShare', 'nullable', 0, 1)
];

type Value = number | boolean | null;

function getValue(p: DetectionParams, key: DetectionKey): Value {
	return (p[key.group] as unknown as Record<string, Value>)[key.field];
}

function setValue(p: DetectionParams, key: DetectionKey, value: Value): void {
	(p[key.group] as unknown as Record<string, Value>)[key.field] = value;
}

/** The parameters of version 1, in the order `encodeWearables` writes them. */
export const WEARABLES_KEYS: readonly string[] = [
	'src',
	'files',
	'mode',
	...DETECTION_KEYS.map((d) => d.key),
	'device',
	'day',
	'sort',
	'q',
	'faulty',
	'compare'
];

function cloneDetection(p: DetectionParams): DetectionParams {
	return {
		mode: p.mode,
		rates: { ...p.rates },
		temperature: { ...p.temperature },
		ppg: { ...p.ppg },
		quality: { ...p.quality }
	};
}

/** What an empty query means: the demo, `params` (default: the product's), nothing selected. */
export function defaultWearablesState(
	params: DetectionParams = defaultDetectionParams()
): WearablesUrlState {
	return {
		source: 'demo',
		files: [],
		params: cloneDetection(params),
		selected: null,
		sort: null,
		filter: { text: '', faultyOnly: false },
		compare: false
	};
}

// ---------------------------------------------------------------------------- encoding

function valueText(value: Value): string {
	if (value === null) return 'none';
	if (typeof value === 'boolean') return value ? '1' : '0';
	return formatNumber(value);
}

/**
 * The parameters of `state` that differ from the defaults (`defaults` are the detection
 * parameters an empty query stands for), `v` first when there is anything at all.
 */
export function encodeWearables(
	state: WearablesUrlState,
	defaults: DetectionParams = defaultDetectionParams()
): URLSearchParams {
	const pairs: [string, string][] = [];
	const put = (key: string, value: string) => pairs.push([key, value]);
	if (state.source !== 'demo') put('src', state.source);
	if (state.files.length) put('files', encodeFiles(state.files));
	if (state.params.mode !== defaults.mode) put('mode', state.params.mode);
	for (const key of DETECTION_KEYS) {
		const value = getValue(state.params, key);
		if (value !== getValue(defaults, key)) put(key.key, valueText(value));
	}
	if (state.selected) {
		put('device', state.selected.device);
		put('day', state.selected.day);
	}
	if (state.sort) put('sort', `${state.sort.dir === 'desc' ? '-' : ''}${state.sort.column}`);
	if (state.filter.text !== '') put('q', state.filter.text);
	if (state.filter.faultyOnly) put('faulty', '1');
	if (state.compare) put('compare', '1');
	return new URLSearchParams(pairs.length ? [['v', String(URL_STATE_VERSION)], ...pairs] : []);
}

/** The query string of `state`, without `?` ('' for the defaults). */
export function wearablesQuery(
	state: WearablesUrlState,
	defaults: DetectionParams = defaultDetectionParams()
): string {
	return toQuery(encodeWearables(state, defaults));
}

// ---------------------------------------------------------------------------- decoding

function parseValue(key: DetectionKey, text: string): Value | undefined {
	if (key.kind === 'boolean') return text === '1' ? true : text === '0' ? false : undefined;
	if (key.kind === 'nullable' && text === 'none') return null;
	const x = parseNumber(text);
	if (x === null || x < key.min || x > key.max) return undefined;
	if (key.kind === 'whole' && !Number.isInteger(x)) return undefined;
	return x;
}

function expected(key: DetectionKey): string {
	switch (key.kind) {
		case 'boolean':
			return 'must be 1 or 0';
		case 'whole':
			return `must be a whole number from ${key.min} to ${key.max}`;
		case 'nullable':
			return `must be a number from ${key.min} to ${key.max}, or none`;
		default:
			return `must be a number from ${key.min} to ${key.max}`;
	}
}

function readDetection(
	r: ParamReader,
	defaults: DetectionParams,
	problems: Problems
): DetectionParams {
	const params = cloneDetection(defaults);
	const mode = r.get('mode', `the default mode, ${defaults.mode}`);
	if (mode !== undefined) {
		if ((DETECTION_MODES as readonly string[]).includes(mode)) params.mode = mode as DetectionMode;
		else problems.bad('mode', mode, `must be ${DETECTION_MODES.join(' or ')}`, defaults.mode);
	}
	/** Parameters taken from the URL, with the text they came from. */
	const taken = new Map<DetectionKey, string>();
	for (const key of DETECTION_KEYS) {
		const fallback = `the default, ${valueText(getValue(defaults, key))}`;
		const text = r.get(key.key, fallback);
		if (text === undefined) continue;
		const value = parseValue(key, text);
		if (value === undefined) problems.bad(key.key, text, expected(key), fallback);
		else {
			setValue(params, key, value);
			taken.set(key, text);
		}
	}
	// Rules between parameters: put the parameters a rule names back to their defaults
	// (all of those taken from the URL when it names none of them) until none is broken.
	for (let round = 0; round <= DETECTION_KEYS.length; round++) {
		const broken = detectionParamsProblems(params);
		if (broken.length === 0) return params;
		const rule = broken[0];
		let named = [...taken.keys()].filter((key) => rule.includes(key.key));
		if (named.length === 0) named = [...taken.keys()];
		if (named.length === 0) break;
		const shown = named.map((key) => `${key.key}=${show(taken.get(key) ?? '')}`).join(', ');
		problems.add(`${shown}: ${plain(rule)}; using the defaults`);
		for (const key of named) {
			setValue(params, key, getValue(defaults, key));
			taken.delete(key);
		}
	}
	return cloneDetection(defaults);
}

/** The `sort` of the URL; null (faulty first) when there is none or it is not valid. */
function readSort(r: ParamReader, problems: Problems): WearablesSortState | null {
	const text = r.get('sort', FAULTY_FIRST);
	if (text === undefined) return null;
	const desc = text.startsWith('-');
	const column = desc ? text.slice(1) : text;
	if ((WEARABLES_SORT_COLUMNS as readonly string[]).includes(column)) {
		return { column: column as WearablesSortColumn, dir: desc ? 'desc' : 'asc' };
	}
	const why = `must be one of ${WEARABLES_SORT_COLUMNS.join(', ')}, - in front for descending`;
	problems.bad('sort', text, why, FAULTY_FIRST);
	return null;
}

function readFlag(r: ParamReader, key: string, problems: Problems): boolean {
	const text = r.get(key, 'off');
	if (text === undefined) return false;
	if (text === '1' || text === '0') return text === '1';
	problems.bad(key, text, 'must be 1 or 0', 'off');
	return false;
}

function readSelection(r: ParamReader, problems: Problems): DeviceDayRef | null {
	const device = r.get('device', 'no selection');
	const day = r.get('day', 'no selection');
	if (device === undefined && day === undefined) return null;
	if (device === undefined || day === undefined) {
		const given = device === undefined ? `day=${show(day ?? '')}` : `device=${show(device)}`;
		problems.add(`${given}: device and day go together; using no selection`);
		return null;
	}
	let ok = true;
	const why = textProblem(device, MAX_DEVICE_CHARS);
	if (why) {
		problems.bad('device', device, why, 'no selection');
		ok = false;
	}
	if (!isIsoDay(day)) {
		problems.bad('day', day, 'must be a real day YYYY-MM-DD', 'no selection');
		ok = false;
	}
	return ok ? { device, day } : null;
}

/**
 * The state in `params` (any version): every value checked, a bad one replaced by its
 * default and described in `problems`. `defaults` are the detection parameters an empty
 * query stands for; they must match the encoder's. Never throws. Whether the selected
 * device-day exists is known only once the data is loaded: see `checkSelection`.
 */
export function decodeWearables(
	params: URLSearchParams,
	defaults: DetectionParams = defaultDetectionParams()
): Decoded<WearablesUrlState> {
	const migrated = migrate(params);
	const problems = new Problems();
	for (const p of migrated.problems) problems.add(p);
	const r = new ParamReader(migrated.params, WEARABLES_KEYS, problems);
	const state = defaultWearablesState(defaults);

	const src = r.get('src', 'the demo');
	if (src !== undefined) {
		if ((WEARABLES_SOURCES as readonly string[]).includes(src)) {
			state.source = src as WearablesSource;
		} else problems.bad('src', src, `must be ${WEARABLES_SOURCES.join(' or ')}`, 'the demo');
	}
	const files = r.get('files', 'no files');
	if (files !== undefined) {
		const got = decodeFiles(files);
		if (!('files' in got)) problems.add(`files: ${got.error}; using no files`);
		else if (state.source !== 'files') {
			problems.add('files: the demo has no files (files go with src=files); ignored');
		} else state.files = got.files;
	}

	state.params = readDetection(r, defaults, problems);
	state.selected = readSelection(r, problems);
	state.sort = readSort(r, problems);

	const q = r.get('q', 'no filter');
	if (q !== undefined) {
		const why = textProblem(q, MAX_FILTER_CHARS, true);
		if (why) problems.bad('q', q, why, 'no filter');
		else state.filter.text = q;
	}
	state.filter.faultyOnly = readFlag(r, 'faulty', problems);
	state.compare = readFlag(r, 'compare', problems);

	return { state, problems: problems.list(), version: migrated.version };
}

/**
 * `state` with its selection dropped (and a problem) when the loaded data has no such
 * device-day: the decoder cannot know, the page calls this once the data is in.
 */
export function checkSelection(
	state: WearablesUrlState,
	available: readonly DeviceDayRef[]
): { state: WearablesUrlState; problems: string[] } {
	const s = state.selected;
	if (!s || available.some((a) => a.device === s.device && a.day === s.day)) {
		return { state, problems: [] };
	}
	return {
		state: { ...state, selected: null },
		problems: [`device=${show(s.device)}, day=${show(s.day)}: not in the data; using no selection`]
	};
}
