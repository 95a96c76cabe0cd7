/**
 * Out-of-order guard: every request takes a ticket, and only the newest ticket's result
 * may be applied. A slow answer to an old request is dropped instead of overwriting a
 * newer one.
 */
export class Latest {
	#ticket = 0;

	/** Take a ticket for a new request; every older ticket stops being current. */
	next(): number {
		return ++this.#ticket;
	}

	/** True while no newer request has started. */
	isCurrent(ticket: number): boolean {
		return ticket === this.#ticket;
	}

	/**
	 * Run `task` under a fresh ticket. Resolves to its value when it is still the newest
	 * request on completion, or to `undefined` when a newer one started meanwhile.
	 */
	async run<T>(task: () => Promise<T>): Promise<{ value: T } | undefined> {
		const ticket = this.next();
		const value = await task();
		return this.isCurrent(ticket) ? { value } : undefined;
	}
}
