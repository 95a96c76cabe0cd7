/**
 * Seeded random valid states for the property tests: a small PRNG wrapper (seedrandom)
 * and generators that stay inside what the decoders accept, with the awkward characters
 * (separators, escapes, HTML, non-ASCII, emoji) over-represented in free text.
 */
import seedrandom from 'seedrandom';
import {
	RESOLUTIONS,
	clientStores,
	defaultSimulation,
	type IsoWeekday,
	type RichStoreParams,
	type SimulationParams,
	type StoreParams
} from '../../../src/lib/domain/footfall';
import { defaultDetectionParams, type DetectionParams } from '../../../src/lib/domain/wearables';
import { detectionParamsProblems } from '../../../src/lib/detection/params';
import {
	RICH_FIELDS,
	RICH_LIMITS,
	defaultRich,
	isDefaultRich,
	validateSimulation
} from '../../../src/lib/simulation/footfall';
import {
	DETECTION_KEYS,
	FOOTFALL_ALERT_KINDS,
	FOOTFALL_CHART_LAYERS,
	FOOTFALL_SORT_COLUMNS,
	TREND_PERIODS,
	WEARABLES_SORT_COLUMNS,
	type FileRef,
	type FootfallAlertFilter,
	type FootfallUrlState,
	type FootfallViewState,
	type WearablesUrlState
} from '../../../src/lib/url-state';

export class Rng {
	readonly #next: () => number;
	constructor(seed: string) {
		this.#next = seedrandom(seed);
	}
	/** [0, 1). */
	float(): number {
		return this.#next();
	}
	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.#next() * (max - min + 1));
	}
	bool(p = 0.5): boolean {
		return this.#next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[this.int(0, items.length - 1)];
	}
	subset<T>(items: readonly T[]): T[] {
		return items.filter(() => this.bool());
	}
}

/** Characters free text is made of: plain letters most of the time, trouble often. */
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TROUBLE = [
	' ',
	'~',
	'*',
	'%',
	'%7E',
	'%2A',
	'%25',
	'&',
	'=',
	'+',
	'#',
	'?',
	'/',
	':',
	',',
	'.',
	'-',
	'_',
	"'",
	'"',
	'(',
	')',
	'!',
	'<',
	'>',
	'<script>',
	'\\',
	'ä',
	'ß',
	'€',
	'東京',
	'😀',
	'\u202e'
];

export function text(rng: Rng, min: number, max: number): string {
	const n = rng.int(min, max);
	let out = '';
	while (Array.from(out).length < n) {
		out += rng.bool(0.25) ? rng.pick(TROUBLE) : PLAIN[rng.int(0, PLAIN.length - 1)];
	}
	return Array.from(out).slice(0, n).join('');
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` `offset` days after `day`. */
export function addDays(day: string, offset: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

export function dayBetween(rng: Rng, from: string, to: string): string {
	const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
	return addDays(from, rng.int(0, days));
}

/** A number of the kinds a form produces: whole, decimal, tiny, a random double. */
export function number(rng: Rng, max: number): number {
	switch (rng.int(0, 4)) {
		case 0:
			return rng.int(0, Math.min(max, 1e6));
		case 1:
			return Math.round(rng.float() * max * 100) / 100;
		case 2:
			return rng.pick([0, max, max / 3, 1e-7 * max, 0.1 * max]);
		default:
			return rng.float() * max;
	}
}

function store(rng: Rng, name: string): StoreParams {
	const hh = String(rng.int(0, 23)).padStart(2, '0');
	const mm = String(rng.pick([0, 0, 15, 30, 59])).padStart(2, '0');
	const day = dayBetween(rng, '1990-01-01', '2030-12-31');
	return {
		name,
		sensors: rng.int(1, 40),
		opened: rng.bool(0.4) ? `${day}T00:00` : `${day}T${hh}:${mm}`,
		avg: number(rng, 10_000_000),
		std: number(rng, 10_000_000),
		pFail: number(rng, 1),
		pAnom: number(rng, 1)
	};
}

/**
 * Rich parameters for a store: each field kept at its default or set to a value of the
 * kinds a form produces within its range; undefined when all stay defaults (the
 * canonical form).
 */
export function richParams(rng: Rng, s: StoreParams): RichStoreParams | undefined {
	const rich = defaultRich(s);
	for (const f of RICH_FIELDS) {
		if (rng.bool(0.5)) continue;
		const [min, max] = RICH_LIMITS[f];
		rich[f] = rng.pick([
			min,
			max,
			Math.round((min + rng.float() * (max - min)) * 100) / 100,
			min + rng.float() * (max - min)
		]);
	}
	return isDefaultRich(s, rich) ? undefined : rich;
}

/** `sim` turned into the rich model with random rich parameters, unless that is invalid. */
function withRich(rng: Rng, sim: SimulationParams): SimulationParams {
	const rich: SimulationParams = {
		...sim,
		generator: 'seeded',
		model: 'rich',
		stores: sim.stores.map((s) => {
			const { rich: _, ...plainStore } = s;
			const r = rng.bool(0.7) ? richParams(rng, s) : undefined;
			return r ? { ...plainStore, rich: r } : plainStore;
		})
	};
	try {
		validateSimulation(rich); // a strong trend over decades can exceed the peak factor
		return rich;
	} catch {
		return sim;
	}
}

export function simulation(rng: Rng): SimulationParams {
	const sim = plainSimulation(rng);
	return rng.bool(0.4) ? withRich(rng, sim) : sim;
}

function plainSimulation(rng: Rng): SimulationParams {
	const sim = defaultSimulation();
	if (rng.bool(0.2)) return sim;
	if (rng.bool(0.5)) sim.generator = rng.pick(['seeded', 'numpy'] as const);
	if (rng.bool(0.5)) sim.seed = text(rng, 0, 30);
	if (rng.bool(0.6)) {
		sim.start = dayBetween(rng, '2000-01-01', '2030-12-31');
		sim.end = addDays(sim.start, rng.int(0, 60));
	}
	if (rng.bool(0.6)) {
		const names = new Set<string>();
		while (names.size < rng.int(1, 6)) names.add(text(rng, 1, 20));
		sim.stores = [...names].map((n) => store(rng, n));
	} else if (rng.bool(0.3)) {
		sim.stores = clientStores();
		sim.stores[rng.int(0, 4)].avg = number(rng, 100_000);
	}
	return sim;
}

export function footfallView(rng: Rng, sim: SimulationParams): FootfallViewState {
	const store = rng.pick(sim.stores);
	const a = dayBetween(rng, sim.start, sim.end);
	const b = dayBetween(rng, sim.start, sim.end);
	const whole = rng.bool(0.3);
	return {
		store: store.name,
		sensor: rng.bool(0.4) ? null : rng.int(0, store.sensors - 1),
		resolution: rng.pick(RESOLUTIONS),
		weekdays: rng.subset([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]),
		from: whole ? sim.start : a < b ? a : b,
		to: whole ? sim.end : a < b ? b : a,
		hourFrom: rng.bool(0.5) ? 0 : rng.int(0, 23),
		hourTo: rng.bool(0.5) ? 23 : rng.int(0, 23)
	};
}

/**
 * A view of dropped files as a link holds it (the codec checks its form only): any store
 * name or '' (their first), any sensor, any days in order or '' (their first / last).
 */
export function filesView(rng: Rng): FootfallViewState {
	const a = dayBetween(rng, '1990-01-01', '2030-12-31');
	const b = dayBetween(rng, '1990-01-01', '2030-12-31');
	return {
		store: rng.bool(0.3) ? '' : text(rng, 1, 30),
		sensor: rng.bool(0.4) ? null : rng.pick([0, 1, rng.int(0, 65_534)]),
		resolution: rng.pick(RESOLUTIONS),
		weekdays: rng.subset([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]),
		from: rng.bool(0.4) ? '' : a < b ? a : b,
		to: rng.bool(0.4) ? '' : a < b ? b : a,
		hourFrom: rng.bool(0.5) ? 0 : rng.int(0, 23),
		hourTo: rng.bool(0.5) ? 23 : rng.int(0, 23)
	};
}

/** The alerts panel's filter: a kind or all, a store (of `stores`, or any name) or all. */
export function alertFilter(rng: Rng, stores: readonly string[] | null): FootfallAlertFilter {
	return {
		kind: rng.bool(0.5) ? null : rng.pick(FOOTFALL_ALERT_KINDS),
		store: rng.bool(0.5) ? null : stores ? rng.pick(stores) : text(rng, 1, 30)
	};
}

export function footfallState(rng: Rng): FootfallUrlState {
	const sim = simulation(rng);
	const hidden = rng.subset(FOOTFALL_CHART_LAYERS);
	const source = rng.bool(0.3) ? 'files' : 'sim';
	const files = source === 'files';
	return {
		source,
		sim,
		files: files ? Array.from({ length: rng.int(0, 4) }, () => fileRef(rng)) : [],
		view: files ? filesView(rng) : footfallView(rng, sim),
		table: { sort: rng.pick(FOOTFALL_SORT_COLUMNS), dir: rng.pick(['asc', 'desc'] as const) },
		chart: {
			baseline: !hidden.includes('baseline'),
			imputed: !hidden.includes('imputed'),
			markers: !hidden.includes('markers')
		},
		trend: rng.pick(TREND_PERIODS),
		alerts: alertFilter(rng, files ? null : sim.stores.map((s) => s.name))
	};
}

function fileRef(rng: Rng): FileRef {
	const hex = '0123456789abcdef';
	let sha256 = '';
	for (let i = rng.pick([8, 12, 16, 64]); i > 0; i--) sha256 += hex[rng.int(0, 15)];
	const dir = rng.bool(0.5) ? `device_${rng.int(0, 999)}/2021/02/0${rng.int(1, 9)}/` : '';
	return { name: dir + text(rng, 1, 30), size: rng.int(0, 2 ** 40), sha256 };
}

/** Random valid detection parameters: a few changed from the defaults, rules kept. */
export function detectionParams(rng: Rng): DetectionParams {
	for (;;) {
		const p = defaultDetectionParams();
		if (rng.bool(0.5)) p.mode = rng.pick(['original', 'wear-aware'] as const);
		const changes = rng.int(0, 6);
		for (let i = 0; i < changes; i++) {
			const key = rng.pick(DETECTION_KEYS);
			const group = p[key.group] as unknown as Record<string, number | boolean | null>;
			const old = group[key.field];
			let value: number | boolean | null;
			if (key.kind === 'boolean') value = !old;
			else if (key.kind === 'nullable' && rng.bool(0.3)) value = null;
			else {
				const base = typeof old === 'number' ? old : key.max / 2;
				value = base * rng.pick([0.5, 0.75, 1.25, 2, 1 + rng.float()]);
				if (key.kind === 'whole' || rng.bool(0.5)) value = Math.round(value);
				value = Math.min(key.max, Math.max(key.min, value));
			}
			group[key.field] = value;
		}
		if (detectionParamsProblems(p).length === 0) return p;
	}
}

export function wearablesState(rng: Rng): WearablesUrlState {
	const source = rng.pick(['demo', 'files'] as const);
	return {
		source,
		files: source === 'files' ? Array.from({ length: rng.int(0, 6) }, () => fileRef(rng)) : [],
		params: detectionParams(rng),
		selected: rng.bool(0.5)
			? { device: text(rng, 1, 20), day: dayBetween(rng, '2015-01-01', '2030-12-31') }
			: null,
		sort: { column: rng.pick(WEARABLES_SORT_COLUMNS), dir: rng.pick(['asc', 'desc'] as const) },
		filter: { text: rng.bool(0.5) ? '' : text(rng, 0, 40), faultyOnly: rng.bool() },
		compare: rng.bool()
	};
}
