/**
 * The one worker pool of `rpc/`: what the simulation, detection, health, ingest and
 * counter-file wrappers share. A pool starts its members on first use (one per core, at
 * most 4, or as many as it is told) and keeps them; a member whose worker crashed makes
 * the next use start a fresh pool. Every call races the member's crash, so a worker that
 * cannot even load its module turns into an Error naming it instead of a hang.
 *
 * Jobs are numbered 0..n-1 and start in that order, each on the next free member:
 * `map` returns the results in job order once every job is done, `ordered` yields each
 * result in job order as soon as it and all before it are done. The first error (a job's,
 * or the caller's `stopWith`) starts no more jobs and is thrown.
 *
 * The scheduling knows nothing of Workers: a member is an `api` plus a `crashed` promise,
 * so tests drive it with plain objects; `workerMember` makes one of a comlink-wrapped
 * Worker.
 */
import * as Comlink from 'comlink';

/** One worker of a pool, as the scheduling sees it. */
export interface PoolMember<A> {
	/** What jobs call (a comlink proxy of the worker's API). */
	api: A;
	/** Rejects when the worker itself fails (e.g. its module cannot load). */
	crashed: Promise<never>;
	/** True once `crashed` has rejected: the next use of the pool starts a fresh one. */
	dead: boolean;
	/** Calls sent and not answered yet. */
	busy: number;
	/** Stops the worker. */
	end(): void;
}

export interface RunOptions<R> {
	/** Called as each job succeeds (in the order they finish) while the run has not failed. */
	onDone?: (result: R, job: number) => void;
	/** Checked before each job starts: an Error stops the run with that Error. */
	stopWith?: () => Error | null;
}

const MAX_WORKERS = 4;

/** Number of workers: the machine's cores, between 1 and 4. */
export function poolSize(cores: number | undefined): number {
	const n = Math.floor(cores ?? 1);
	return Number.isFinite(n) ? Math.min(MAX_WORKERS, Math.max(1, n)) : 1;
}

/** The browser's core count (undefined outside a browser). */
export function hardwareConcurrency(): number | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency;
}

/** Turns whatever a worker threw (comlink rebuilds Errors) into an Error with a message. */
export function asError(e: unknown): Error {
	if (e instanceof Error) return e;
	if (e && typeof e === 'object' && 'message' in e) return new Error(String(e.message));
	return new Error(String(e));
}

/**
 * A member over a started Worker: its API wrapped by comlink, its `error` event turned
 * into `crashed` ("The <what> worker failed: ...").
 */
export function workerMember<T>(worker: Worker, what: string): PoolMember<Comlink.Remote<T>> {
	const api = Comlink.wrap<T>(worker);
	const member: PoolMember<Comlink.Remote<T>> = {
		api,
		crashed: new Promise<never>((_, reject) => {
			worker.addEventListener('error', (e) => {
				e.preventDefault();
				member.dead = true;
				reject(new Error(`The ${what} worker failed: ${e.message || 'it could not start'}`));
			});
		}),
		dead: false,
		busy: 0,
		end() {
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
	member.crashed.catch(() => {}); // observed by every call through Promise.race
	return member;
}

/**
 * `view` itself when it spans its whole buffer, else a copy: transferring a view into a
 * bigger buffer would detach the rest of that buffer.
 */
export function ownBuffer<T extends Uint8Array | Int32Array | Float32Array | Float64Array>(
	view: T
): T {
	return view.byteLength === view.buffer.byteLength ? view : (view.slice() as T);
}

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (v: T) => void;
	reject: (e: unknown) => void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (v: T) => void;
	let reject!: (e: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	promise.catch(() => {}); // every rejection is surfaced by the consumer
	return { promise, resolve, reject };
}

/** A pool of `size()` members made by `start`, started on first use. */
export class WorkerPool<A> {
	#members: PoolMember<A>[] | null = null;

	constructor(
		private readonly start: () => PoolMember<A>,
		private readonly size: () => number = () => poolSize(hardwareConcurrency())
	) {}

	/** The members, started now if there are none or one of them crashed. */
	members(): PoolMember<A>[] {
		if (this.#members?.some((m) => m.dead)) this.terminate();
		this.#members ??= Array.from({ length: this.size() }, () => this.start());
		return this.#members;
	}

	/** Stop every member; the next use starts new ones. */
	terminate(): void {
		for (const m of this.#members ?? []) m.end();
		this.#members = null;
	}

	/** The member with the fewest calls in flight (the first of equals). */
	leastBusy(): PoolMember<A> {
		return this.members().reduce((a, b) => (b.busy < a.busy ? b : a));
	}

	/** `run(api)` on `member`, rejecting with an Error when the call or the worker fails. */
	async call<R>(member: PoolMember<A>, run: (api: A) => Promise<R>): Promise<R> {
		member.busy++;
		try {
			return await Promise.race([run(member.api), member.crashed]);
		} catch (e) {
			throw asError(e);
		} finally {
			member.busy--;
		}
	}

	/** `run(api)` on the least busy member (the only one of a pool of one). */
	callAny<R>(run: (api: A) => Promise<R>): Promise<R> {
		return this.call(this.leastBusy(), run);
	}

	/**
	 * Runs jobs 0..count-1 on the members; each free member takes the next job. Calls
	 * `settle` as each job ends; resolves when every member has stopped taking jobs and
	 * its running job has ended. `stopped()` and `failure()` stop the hand-out.
	 */
	#drive<R>(
		count: number,
		work: (api: A, job: number) => Promise<R>,
		options: RunOptions<R>,
		settle: (job: number, result: { value: R } | { error: Error }) => void,
		stopped: () => boolean
	): { finished: Promise<void>; failure: () => Error | null } {
		let next = 0;
		let failure: Error | null = null;
		const drain = async (member: PoolMember<A>) => {
			while (!failure && !stopped() && next < count) {
				const stop = options.stopWith?.() ?? null;
				if (stop) {
					failure = stop;
					settle(next, { error: stop });
					return;
				}
				const job = next++;
				try {
					const value = await this.call(member, (api) => work(api, job));
					if (!failure && !stopped()) options.onDone?.(value, job);
					settle(job, { value });
				} catch (e) {
					const error = asError(e);
					failure ??= error;
					settle(job, { error });
				}
			}
		};
		const finished = Promise.all(this.members().map(drain)).then(() => {});
		return { finished, failure: () => failure };
	}

	/**
	 * Every job's result, in job order, once all are done. Throws the first error (after
	 * the jobs already running have ended).
	 */
	async map<R>(
		count: number,
		work: (api: A, job: number) => Promise<R>,
		options: RunOptions<R> = {}
	): Promise<R[]> {
		const results = new Array<R>(count);
		const run = this.#drive(
			count,
			work,
			options,
			(job, r) => {
				if ('value' in r) results[job] = r.value;
			},
			() => false
		);
		await run.finished;
		const failure = run.failure();
		if (failure) throw failure;
		return results;
	}

	/**
	 * Every job's result, in job order, each as soon as it and all jobs before it are
	 * done. Throws the first error as soon as it happens; ending the iteration early lets
	 * running jobs finish and starts no more.
	 */
	async *ordered<R>(
		count: number,
		work: (api: A, job: number) => Promise<R>,
		options: RunOptions<R> = {}
	): AsyncGenerator<R> {
		const done = Array.from({ length: count }, () => deferred<R>());
		const failed = deferred<never>();
		let stopped = false;
		this.#drive(
			count,
			work,
			options,
			(job, r) => {
				if ('value' in r) done[job].resolve(r.value);
				else failed.reject(r.error);
			},
			() => stopped
		);
		try {
			for (let i = 0; i < count; i++) {
				yield await Promise.race([done[i].promise, failed.promise]);
			}
		} finally {
			stopped = true;
		}
	}
}
