import { expect } from 'vitest';

/**
 * A problem message is plain text: nothing that could open an HTML tag, no control
 * characters, no bidirectional overrides, and of a size a page can show.
 */
export function expectSafe(problems: string[]): void {
	for (const p of problems) {
		expect(p).not.toMatch(/<[a-z/!?]/i);
		for (const ch of p) {
			const c = ch.codePointAt(0) ?? 0;
			const bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
			expect(bad, `${JSON.stringify(p)} holds U+${c.toString(16)}`).toBe(false);
		}
		expect(p.length).toBeLessThan(600);
	}
}
