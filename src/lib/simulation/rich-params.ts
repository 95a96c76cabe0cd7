/**
 * The rich model's parameters on their own (no generator code), for the URL codec and the
 * simulation panel: their names and order, the accepted ranges, the defaults, and the
 * check the simulator applies. See `rich-footfall.ts` for what they do.
 */
import type { RichStoreParams, StoreParams } from '../domain/footfall';

/** Hours in a year of 365.25 days: the unit of age, trend and lives. */
export const HOURS_PER_YEAR = 8766;

/** The rich parameters of a store, in the order the URL and the panel list them. */
export const RICH_FIELDS = [
	'trend',
	'season',
	'ageFail',
	'lifeYears',
	'outagesPerYear',
	'outageHours'
] as const satisfies readonly (keyof RichStoreParams)[];
export type RichField = (typeof RICH_FIELDS)[number];

/**
 * Accepted range of each rich parameter (inclusive). Lives of at least a quarter year and
 * outages of at most 10 days on average keep the events few and the look-back short.
 */
export const RICH_LIMITS: Readonly<Record<RichField, readonly [number, number]>> = {
	trend: [-0.5, 0.5],
	season: [0, 0.9],
	ageFail: [0, 1],
	lifeYears: [0.25, 100],
	outagesPerYear: [0, 100],
	outageHours: [1, 240]
};

/**
 * The rich parameters a store gets when it sets none: +3 % a year, a season of +-15 %,
 * +0.2 percentage points of failures per year of age, a new sensor every 5 years, 2
 * outages per sensor and year averaging 30 hours. The same for every store today; the
 * store is the argument so that a default may one day follow its size or age.
 */
export function defaultRich(store: StoreParams): RichStoreParams {
	void store;
	return {
		trend: 0.03,
		season: 0.15,
		ageFail: 0.002,
		lifeYears: 5,
		outagesPerYear: 2,
		outageHours: 30
	};
}

/** The rich parameters in force for `store`: its own, or `defaultRich(store)`. */
export function richOf(store: StoreParams): RichStoreParams {
	return store.rich ?? defaultRich(store);
}

/** True when `rich` equals `defaultRich(store)` field by field. */
export function isDefaultRich(store: StoreParams, rich: RichStoreParams): boolean {
	const d = defaultRich(store);
	return RICH_FIELDS.every((f) => rich[f] === d[f]);
}

/**
 * What is wrong with `rich` (an object with every field a finite number in
 * `RICH_LIMITS`), as `field message` with the field named; null when nothing is.
 */
export function richProblem(rich: unknown): { field: string; message: string } | null {
	if (rich === null || typeof rich !== 'object') {
		return { field: '', message: 'must be an object' };
	}
	const r = rich as Record<string, unknown>;
	for (const f of RICH_FIELDS) {
		const [min, max] = RICH_LIMITS[f];
		const x = r[f];
		if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) {
			return { field: f, message: `must be a number from ${min} to ${max}` };
		}
	}
	return null;
}
