/**
 * Shared vocabulary of the store-footfall simulation and explorer.
 * Imports nothing. All times are naive wall-clock times (no time zone): a "time" is
 * an integer number of hours since 1970-01-01 00:00 wall-clock ("hour index"), and
 * calendar arithmetic on it is done with UTC functions only.
 */

/** `seeded`: our own deterministic generator (default). `numpy`: bit-exact with the original. */
export type GeneratorKind = 'seeded' | 'numpy';

/**
 * `original`: the original's model (SEED-FACTS section 1), the default. `rich`: the
 * original's rules plus sensor age (failure probability grows with a sensor's age and a
 * replacement resets it), a long-term trend per store, a yearly season and a weekly
 * profile, and outages (a sensor down for a run of hours or days, reading -1, or stuck at
 * 0). Only the `seeded` generator draws the rich model (numpy is the original, bit-exact).
 */
export type FootfallModel = 'original' | 'rich';
export const FOOTFALL_MODELS: readonly FootfallModel[] = ['original', 'rich'];

/** What the `rich` model adds to a store (read only when `SimulationParams.model` is `rich`). */
export interface RichStoreParams {
	/** Growth of the mean per year as a fraction: 0.05 is +5 % a year, -0.03 a decline. */
	trend: number;
	/** Amplitude of the yearly season as a fraction of the mean (0 for none). */
	season: number;
	/** Failure probability added per year of a sensor's age (age 0 at install or replacement). */
	ageFail: number;
	/** Years a sensor serves before it is replaced (its age resets); staggered per sensor. */
	lifeYears: number;
	/** Outages per sensor and year (a run of failed hours). */
	outagesPerYear: number;
	/** Mean length of an outage, in hours. */
	outageHours: number;
}

/** One store of the client: a bundle of identical door sensors (SEED-FACTS section 1). */
export interface StoreParams {
	name: string;
	/** Number of sensors, numbered 0..sensors-1. */
	sensors: number;
	/** Opening date-time, naive, `YYYY-MM-DDTHH:mm`. Hours at or before it read -2. */
	opened: string;
	/** Mean visits per sensor per open hour. */
	avg: number;
	/** Standard deviation of visits per sensor per open hour. */
	std: number;
	/** Probability that a reading fails (-1). */
	pFail: number;
	/** Probability that an open-hour reading is an anomaly (x 0.1). */
	pAnom: number;
	/** The rich model's additions; absent: `defaultRich(store)` of `simulation/`. */
	rich?: RichStoreParams;
}

export interface SimulationParams {
	generator: GeneratorKind;
	/** Absent means `original` (the canonical form: the URL codec never writes `original`). */
	model?: FootfallModel;
	/** Seed of the `seeded` generator (ignored by `numpy`, whose seed is fixed by the original). */
	seed: string;
	/** First simulated day, `YYYY-MM-DD`. */
	start: string;
	/** Last simulated day, inclusive, `YYYY-MM-DD`. */
	end: string;
	stores: StoreParams[];
}

/** Reading values below zero are codes, not counts. */
export const FAILED = -1;
export const SHOP_CLOSED = -2;

/** Ground-truth bit flags carried beside every reading. */
export const TRUTH_FAILED = 1;
export const TRUTH_ANOMALY = 2;
/** Rich model: the reading is part of an outage (a run of failed hours; TRUTH_FAILED is set too). */
export const TRUTH_OUTAGE = 4;
/** Rich model: the outage reads 0 instead of -1 (a silent failure; FAILED and OUTAGE set too). */
export const TRUTH_STUCK = 8;

/**
 * A simulated batch of hourly readings as columns (one row per sensor and hour),
 * ordered by store, sensor, then time. All arrays have `length` elements and are
 * transferred, not copied, between workers.
 */
export interface ReadingColumns {
	length: number;
	/** Index into `SimulationParams.stores`. */
	store: Uint8Array;
	sensor: Uint16Array;
	/** Hours since 1970-01-01 00:00 wall-clock. */
	hour: Int32Array;
	/** Visits (>= 0), FAILED (-1) or SHOP_CLOSED (-2). */
	count: Int32Array;
	/** TRUTH_* bit flags: what the simulator planted. */
	truth: Uint8Array;
}

export type Resolution = 'hourly' | 'daily' | 'weekly' | 'monthly';
export const RESOLUTIONS: readonly Resolution[] = ['hourly', 'daily', 'weekly', 'monthly'];

/** ISO weekday numbers, Monday = 1 ... Sunday = 7 (DuckDB `isodow`). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
/** The original dashboard: Monday to Saturday on, Sunday off. */
export const DEFAULT_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6];

/**
 * What the footfall explorer shows: one plain, serialisable object. This is the one
 * declaration; the explorer's state (`state/view.ts`), the SQL builders (`ViewSpec` of
 * `db/sql/view.ts`) and the URL codec (`FootfallViewState` of `url-state/types.ts`) name
 * this same type. The rules that keep it valid for the loaded data are in `state/view.ts`.
 */
export interface FootfallView {
	/** Store name. */
	store: string;
	/** Sensor number (0 ... sensors - 1), or null for the store total. */
	sensor: number | null;
	resolution: Resolution;
	/** ISO weekdays kept (Monday = 1 ... Sunday = 7), ascending, no duplicates; may be empty. */
	weekdays: IsoWeekday[];
	/** First day shown, `YYYY-MM-DD`, inclusive, within the simulated days. */
	from: string;
	/** Last day shown, `YYYY-MM-DD`, inclusive, within the simulated days. */
	to: string;
	/** First hour of the day kept (0-23), inclusive; used by the hourly resolution. */
	hourFrom: number;
	/**
	 * Last hour of the day kept (0-23), inclusive; used by the hourly resolution. Below
	 * `hourFrom` the range wraps midnight (22 to 5 keeps the night).
	 */
	hourTo: number;
}

/**
 * The client's five stores (SEED-FACTS section 1): f = 2024 - opening year + 1,
 * capacity [1000 f, 150 f], probabilities p_anom = 0.01 f, p_fail = 0.001 f.
 */
export function clientStores(): StoreParams[] {
	const names = ['Madrid', 'Paris', 'Berlin', 'Roma', 'London'];
	const sensors = [1, 20, 6, 4, 8];
	const years = [2024, 2018, 2022, 2019, 2014];
	return names.map((name, i) => {
		const f = 2024 - years[i] + 1;
		return {
			name,
			sensors: sensors[i],
			opened: `${years[i]}-01-01T00:00`,
			avg: 1000 * f,
			std: 150 * f,
			pFail: round(0.001 * f),
			pAnom: round(0.01 * f)
		};
	});
}

/** The demo: the client's five stores, July 1 to August 7, 2024, seeded generator. */
export function defaultSimulation(): SimulationParams {
	return {
		generator: 'seeded',
		seed: 'sensors-and-more',
		start: '2024-07-01',
		end: '2024-08-07',
		stores: clientStores()
	};
}

function round(x: number): number {
	return Math.round(x * 1e9) / 1e9;
}
