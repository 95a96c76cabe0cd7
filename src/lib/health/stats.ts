/**
 * Small robust-statistics helpers of the health kernel: medians of short windows
 * (insertion sort, the windows hold 2 to a few dozen values) and the median of a longer
 * buffer by quickselect (O(n), no allocation). Pure; scratch arrays are passed in so
 * the per-hour loop allocates nothing.
 */

/** Scale of the median absolute deviation to a standard deviation for normal data. */
export const MAD_SCALE = 1.482602218505602;

/** Sorts `a[0, n)` in place (insertion sort: fastest for the short windows used here). */
export function sortSmall(a: Float64Array, n: number): void {
	for (let i = 1; i < n; i++) {
		const v = a[i];
		let j = i - 1;
		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

/** Median of the sorted `a[0, n)`; NaN when n = 0. */
export function sortedMedian(a: Float64Array, n: number): number {
	if (n === 0) return Number.NaN;
	const m = n >> 1;
	return n & 1 ? a[m] : (a[m - 1] + a[m]) / 2;
}

/**
 * Median of the sorted `a[0, n)` without one element equal to `v` (which must be in it):
 * the median of the n - 1 others, in O(log n). NaN when n < 2.
 */
export function medianWithout(a: Float64Array, n: number, v: number): number {
	if (n < 2) return Number.NaN;
	// rank r of one element equal to v (binary search for the first one)
	let lo = 0;
	let hi = n - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (a[mid] < v) lo = mid + 1;
		else hi = mid;
	}
	const r = lo;
	// the k-th element (0-based) of the array with rank r removed is a[k < r ? k : k + 1]
	const m = n - 1;
	const h = m >> 1;
	const upper = a[h < r ? h : h + 1];
	if (m & 1) return upper;
	const k = h - 1;
	return (a[k < r ? k : k + 1] + upper) / 2;
}

/** Median of `values[0, n)`, copied into `scratch` and sorted there. NaN when n = 0. */
export function medianOf(values: Float64Array, n: number, scratch: Float64Array, from = 0): number {
	for (let i = 0; i < n; i++) scratch[i] = values[from + i];
	sortSmall(scratch, n);
	return sortedMedian(scratch, n);
}

/**
 * Median of |values[from + i]| over i in [0, n), by quickselect on a copy in `scratch`
 * (O(n) on average, no allocation). NaN when n = 0.
 */
export function medianAbs(
	values: Float64Array,
	n: number,
	scratch: Float64Array,
	from = 0
): number {
	if (n === 0) return Number.NaN;
	for (let i = 0; i < n; i++) scratch[i] = Math.abs(values[from + i]);
	const m = n >> 1;
	const upper = select(scratch, 0, n - 1, m);
	if (n & 1) return upper;
	// the lower middle is the largest element left of m after the partition
	let lower = scratch[0];
	for (let i = 1; i < m; i++) if (scratch[i] > lower) lower = scratch[i];
	return (lower + upper) / 2;
}

/**
 * Hoare's quickselect: rearranges a[lo..hi] so that a[k] holds the value of rank k,
 * smaller-or-equal values before it, and returns it. Median-of-three pivots.
 */
export function select(a: Float64Array, lo: number, hi: number, k: number): number {
	while (hi > lo) {
		const mid = (lo + hi) >> 1;
		// median of three into a[mid]
		if (a[mid] < a[lo]) swap(a, mid, lo);
		if (a[hi] < a[lo]) swap(a, hi, lo);
		if (a[hi] < a[mid]) swap(a, hi, mid);
		const pivot = a[mid];
		let i = lo;
		let j = hi;
		while (i <= j) {
			while (a[i] < pivot) i++;
			while (a[j] > pivot) j--;
			if (i <= j) {
				swap(a, i, j);
				i++;
				j--;
			}
		}
		if (k <= j) hi = j;
		else if (k >= i) lo = i;
		else return a[k];
	}
	return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
	const t = a[i];
	a[i] = a[j];
	a[j] = t;
}
