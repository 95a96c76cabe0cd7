import { describe, expect, it } from 'vitest';
import {
	asError,
	ownBuffer,
	poolSize,
	WorkerPool,
	type PoolMember
} from '../../../src/lib/rpc/pool';

/** A job a fake worker answers when the test says so. */
interface Pending {
	job: number;
	worker: number;
	resolve: (v: string) => void;
	reject: (e: unknown) => void;
}

interface FakeApi {
	run(job: number): Promise<string>;
}

/**
 * Fake workers: every call waits in `pending` until the test answers it; `crash(w)` makes
 * worker `w` fail as a Worker's `error` event would; `started` counts the workers made.
 */
function fakes(size: number) {
	const pending: Pending[] = [];
	const members: PoolMember<FakeApi>[] = [];
	const crashes: ((e: Error) => void)[] = [];
	let ended = 0;
	const pool = new WorkerPool<FakeApi>(
		() => {
			const worker = members.length;
			let fail!: (e: Error) => void;
			const member: PoolMember<FakeApi> = {
				api: {
					run: (job) =>
						new Promise<string>((resolve, reject) => pending.push({ job, worker, resolve, reject }))
				},
				crashed: new Promise<never>((_, reject) => (fail = reject)),
				dead: false,
				busy: 0,
				end: () => ended++
			};
			member.crashed.catch(() => {});
			crashes.push((e) => {
				member.dead = true;
				fail(e);
			});
			members.push(member);
			return member;
		},
		() => size
	);
	/** Answers the pending call of `job` (the oldest if several). */
	const answer = async (job: number, error?: unknown) => {
		const i = pending.findIndex((p) => p.job === job);
		if (i < 0) throw new Error(`job ${job} is not running`);
		const [p] = pending.splice(i, 1);
		if (error === undefined) p.resolve(`r${job}`);
		else p.reject(error);
		await settle();
	};
	return {
		pool,
		pending,
		members,
		answer,
		crash: async (w: number, e: Error) => {
			crashes[w](e);
			await settle();
		},
		ended: () => ended
	};
}

/** Lets every promise callback that is ready run. */
async function settle() {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

const running = (pending: Pending[]) => pending.map((p) => [p.job, p.worker]);

describe('poolSize', () => {
	it.each([
		[undefined, 1],
		[0, 1],
		[1, 1],
		[3.7, 3],
		[4, 4],
		[16, 4],
		[Number.NaN, 1]
	])('gives %s cores %i workers', (cores, n) => {
		expect(poolSize(cores)).toBe(n);
	});
});

describe('asError', () => {
	it('keeps Errors and makes one of what comlink rebuilt or a plain value', () => {
		const e = new Error('x');
		expect(asError(e)).toBe(e);
		expect(asError({ message: 'bad params' }).message).toBe('bad params');
		expect(asError('gone').message).toBe('gone');
	});
});

describe('ownBuffer', () => {
	it('keeps an array that spans its buffer and copies a view into a bigger one', () => {
		const whole = new Int32Array([1, 2, 3]);
		expect(ownBuffer(whole)).toBe(whole);
		const view = new Int32Array(whole.buffer, 4, 2);
		const copy = ownBuffer(view);
		expect(copy).not.toBe(view);
		expect([...copy]).toEqual([2, 3]);
		expect(copy.buffer.byteLength).toBe(8);
	});
});

describe('WorkerPool.map', () => {
	it('hands each free worker the next job and returns results in job order', async () => {
		const f = fakes(2);
		const done: number[] = [];
		const result = f.pool.map(5, (api, job) => api.run(job), {
			onDone: (_, job) => done.push(job)
		});
		await settle();
		expect(running(f.pending)).toEqual([
			[0, 0],
			[1, 1]
		]);
		await f.answer(1);
		expect(running(f.pending)).toEqual([
			[0, 0],
			[2, 1]
		]);
		await f.answer(2);
		await f.answer(0);
		expect(running(f.pending)).toEqual([
			[3, 1],
			[4, 0]
		]);
		await f.answer(4);
		await f.answer(3);
		await expect(result).resolves.toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
		expect(done).toEqual([1, 2, 0, 4, 3]);
	});

	it('starts its workers once and keeps them for the next run', async () => {
		const f = fakes(3);
		const first = f.pool.map(1, (api, job) => api.run(job));
		await settle();
		await f.answer(0);
		await first;
		const second = f.pool.map(1, (api, job) => api.run(job));
		await settle();
		await f.answer(0);
		await expect(second).resolves.toEqual(['r0']);
		expect(f.members).toHaveLength(3);
	});

	it("throws a job's error as an Error once the running jobs end, and starts no more", async () => {
		const f = fakes(2);
		const done: number[] = [];
		const result = f.pool.map(4, (api, job) => api.run(job), {
			onDone: (_, job) => done.push(job)
		});
		result.catch(() => {});
		await settle();
		await f.answer(0, { message: 'invalid window' });
		expect(running(f.pending)).toEqual([[1, 1]]);
		await f.answer(1);
		await expect(result).rejects.toThrow('invalid window');
		expect(f.pending).toEqual([]);
		expect(done).toEqual([]);
	});

	it('turns a crashed worker into an error naming it, and the next run starts a fresh pool', async () => {
		const f = fakes(2);
		const result = f.pool.map(2, (api, job) => api.run(job));
		result.catch(() => {});
		await settle();
		await f.crash(1, new Error('The detection worker failed: it could not start'));
		await f.answer(0);
		await expect(result).rejects.toThrow('The detection worker failed: it could not start');
		expect(f.ended()).toBe(0);

		const next = f.pool.map(2, (api, job) => api.run(job));
		await settle();
		expect(f.ended()).toBe(2);
		expect(running(f.pending)).toEqual([
			[1, 1], // the call the crashed worker never answered
			[0, 2],
			[1, 3]
		]);
		f.pending.shift();
		await f.answer(0);
		await f.answer(1);
		await expect(next).resolves.toEqual(['r0', 'r1']);
	});

	it('stops with the Error of stopWith before the next job starts', async () => {
		const f = fakes(1);
		let cancelled = false;
		const result = f.pool.map(3, (api, job) => api.run(job), {
			stopWith: () => (cancelled ? new Error('replaced') : null)
		});
		result.catch(() => {});
		await settle();
		cancelled = true;
		await f.answer(0);
		await expect(result).rejects.toThrow('replaced');
		expect(f.pending).toEqual([]);
	});

	it('counts calls in flight and picks the least busy worker', async () => {
		const f = fakes(3);
		const a = f.pool.callAny((api) => api.run(10));
		const b = f.pool.callAny((api) => api.run(11));
		await settle();
		expect(f.members.map((m) => m.busy)).toEqual([1, 1, 0]);
		expect(running(f.pending)).toEqual([
			[10, 0],
			[11, 1]
		]);
		await f.answer(10);
		await f.answer(11);
		expect(await Promise.all([a, b])).toEqual(['r10', 'r11']);
		expect(f.members.map((m) => m.busy)).toEqual([0, 0, 0]);
	});
});

describe('WorkerPool.ordered', () => {
	it('yields each result in job order as soon as it and those before it are done', async () => {
		const f = fakes(2);
		const it = f.pool.ordered(3, (api, job) => api.run(job));
		const first = it.next();
		await settle();
		await f.answer(1);
		let got: string | null = null;
		void first.then((r) => (got = r.value as string));
		await settle();
		expect(got).toBeNull(); // job 1 waits for job 0
		await f.answer(0);
		expect(await first).toEqual({ value: 'r0', done: false });
		expect(await it.next()).toEqual({ value: 'r1', done: false });
		const third = it.next();
		await f.answer(2);
		expect(await third).toEqual({ value: 'r2', done: false });
		expect(await it.next()).toEqual({ value: undefined, done: true });
	});

	it('throws the first error at once, while other jobs still run', async () => {
		const f = fakes(2);
		const it = f.pool.ordered(4, (api, job) => api.run(job));
		const first = it.next();
		first.catch(() => {});
		await settle();
		await f.answer(1, new Error('sensor count must be positive'));
		await expect(first).rejects.toThrow('sensor count must be positive');
		expect(running(f.pending)).toEqual([[0, 0]]);
	});

	it('starts no more jobs once the consumer stops', async () => {
		const f = fakes(1);
		const done: number[] = [];
		const it = f.pool.ordered(3, (api, job) => api.run(job), {
			onDone: (_, job) => done.push(job)
		});
		const first = it.next();
		await settle();
		await f.answer(0);
		expect((await first).value).toBe('r0');
		await it.return(undefined);
		await settle();
		expect(running(f.pending)).toEqual([[1, 0]]); // already running: it finishes
		await f.answer(1);
		expect(f.pending).toEqual([]);
		expect(done).toEqual([0]);
	});
});
