/** Index of the point whose `t` is nearest to `t` in `points` sorted by `t`; -1 when empty. */
export function nearestIndex(points: readonly { t: number }[], t: number): number {
	const n = points.length;
	if (n === 0 || !Number.isFinite(t)) return n === 0 ? -1 : 0;
	let lo = 0;
	let hi = n - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (points[mid].t < t) lo = mid + 1;
		else hi = mid;
	}
	if (lo > 0 && t - points[lo - 1].t <= points[lo].t - t) return lo - 1;
	return lo;
}
