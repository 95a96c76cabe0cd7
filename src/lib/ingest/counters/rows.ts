/**
 * Readings of every counter file before they are merged: growable columns (sensor, wall
 * time, UTC offset, count, file, row) and the sensors they belong to. A sensor is a
 * (store, label) pair numbered in order of first appearance; its final number in the
 * data comes later, when every file has been read.
 */

/** `offset` of a reading whose time carried no UTC offset. */
export const NO_OFFSET = -32768;

/** Per file: what happened to its rows and readings (the numbers of `CounterFileReport`). */
export interface FileStats {
	path: string;
	rows: number;
	/** 1 for each data row that gave a kept reading. */
	keptRow: Uint8Array;
	readingsKept: number;
	hours: number;
	duplicates: number;
	conflicts: number;
	nullCells: number;
	badCells: number;
	failed: number;
	closed: number;
	missingHours: number;
	subHourly: number;
	dst: Map<string, { hours: 23 | 25; hour: number; by: 'offsets' | 'calendar' }>;
	/** Problems of the file as a whole, in words. */
	problems: string[];
	/** Problems of rows and cells, a few of each kind in full. */
	log: ProblemLog;
	notes: string[];
}

export function newStats(path: string, rows: number): FileStats {
	return {
		path,
		rows,
		keptRow: new Uint8Array(rows),
		readingsKept: 0,
		hours: 0,
		duplicates: 0,
		conflicts: 0,
		nullCells: 0,
		badCells: 0,
		failed: 0,
		closed: 0,
		missingHours: 0,
		subHourly: 0,
		dst: new Map(),
		problems: [],
		log: new ProblemLog(),
		notes: []
	};
}

/** Growable reading columns shared by every file of one load. */
export class ReadingSink {
	length = 0;
	sensor = new Int32Array(1024);
	wall = new Float64Array(1024);
	offset = new Int16Array(1024);
	count = new Int32Array(1024);
	file = new Uint16Array(1024);
	row = new Int32Array(1024);

	/** Store names in order of first appearance. */
	readonly stores: string[] = [];
	private readonly storeIndex = new Map<string, number>();
	/** Per sensor: its store's index and its label. */
	readonly sensorStore: number[] = [];
	readonly sensorLabel: string[] = [];
	private readonly sensorIndex = new Map<string, number>();

	storeOf(name: string): number {
		let i = this.storeIndex.get(name);
		if (i === undefined) {
			i = this.stores.length;
			this.stores.push(name);
			this.storeIndex.set(name, i);
		}
		return i;
	}

	sensorOf(store: number, label: string): number {
		const key = `${store}\u0000${label}`;
		let i = this.sensorIndex.get(key);
		if (i === undefined) {
			i = this.sensorStore.length;
			this.sensorStore.push(store);
			this.sensorLabel.push(label);
			this.sensorIndex.set(key, i);
		}
		return i;
	}

	push(sensor: number, wall: number, offset: number, count: number, file: number, row: number) {
		if (this.length === this.sensor.length) this.grow();
		const k = this.length++;
		this.sensor[k] = sensor;
		this.wall[k] = wall;
		this.offset[k] = offset;
		this.count[k] = count;
		this.file[k] = file;
		this.row[k] = row;
	}

	private grow() {
		const n = this.sensor.length * 2;
		const g = <A extends Int32Array | Float64Array | Int16Array | Uint16Array>(
			a: A,
			make: (n: number) => A
		) => {
			const b = make(n);
			b.set(a);
			return b;
		};
		this.sensor = g(this.sensor, (m) => new Int32Array(m));
		this.wall = g(this.wall, (m) => new Float64Array(m));
		this.offset = g(this.offset, (m) => new Int16Array(m));
		this.count = g(this.count, (m) => new Int32Array(m));
		this.file = g(this.file, (m) => new Uint16Array(m));
		this.row = g(this.row, (m) => new Int32Array(m));
	}
}

/**
 * A file's problems of one kind (`key`): the first `max` sentences in full, then one
 * sentence counting the rest (`more(n)`), so a file with 10 000 bad cells stays readable.
 */
export class ProblemLog {
	private readonly seen = new Map<
		string,
		{ first: string[]; more: number; say: (n: number) => string }
	>();
	constructor(private readonly max = 3) {}
	add(key: string, sentence: string, more: (n: number) => string) {
		let e = this.seen.get(key);
		if (!e) {
			e = { first: [], more: 0, say: more };
			this.seen.set(key, e);
		}
		if (e.first.length < this.max) e.first.push(sentence);
		else e.more++;
	}
	sentences(): string[] {
		const out: string[] = [];
		for (const e of this.seen.values()) {
			out.push(...e.first);
			if (e.more) out.push(e.say(e.more));
		}
		return out;
	}
}
