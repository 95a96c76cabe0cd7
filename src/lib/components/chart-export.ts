/**
 * A LayerCake chart as a PNG or an SVG file, from the DOM it is drawn in. Generic: it
 * finds the chart's layers under the container element (LayerCake's `<Svg>` layers are
 * `<svg>` elements, `<Canvas>` layers `<canvas>` elements, `<Html>` layers `<div>`s, all
 * laid over each other) and composes them in document order, each at its place in the
 * container.
 *
 * - **PNG**: a canvas of the container's size times `scale` (2 by default, for sharp
 *   print), white underneath; canvas layers are drawn as they are, SVG layers are
 *   serialised with their computed styles written inline (the page's CSS does not reach
 *   an SVG drawn as an image) and drawn through an `<img>` of a `data:` URL (the page's
 *   CSP allows `img-src data:`, not `blob:`; an SVG image without `<foreignObject>` does
 *   not taint the canvas).
 * - **SVG**: one `<svg>` holding each SVG layer's elements (styles inline, so the file
 *   looks the same anywhere) and each canvas layer as an embedded PNG `<image>`: vector
 *   axes and marks, bitmap signals. So an SVG of a canvas chart is only as sharp as the
 *   canvas was on screen (its device pixels).
 * - **HTML layers** (tooltips, hover marks) are transient and left out.
 * An optional `title` is written above the plot in both.
 * Browser-only (DOM, canvas); the browser test `test/browser/exports.test.ts` checks the
 * files.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const TITLE_HEIGHT = 26;

/** Styles that decide how SVG content looks, copied inline from the computed style. */
const STYLE_PROPS = [
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-opacity',
	'stroke-dasharray',
	'stroke-linecap',
	'stroke-linejoin',
	'opacity',
	'font-family',
	'font-size',
	'font-weight',
	'text-anchor',
	'dominant-baseline',
	'visibility',
	'display'
] as const;

interface Layer {
	el: SVGSVGElement | HTMLCanvasElement;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The SVG and canvas layers under `container`, in drawing order, placed relative to it. */
export function chartLayers(container: Element): Layer[] {
	const box = container.getBoundingClientRect();
	const layers: Layer[] = [];
	for (const el of container.querySelectorAll('svg, canvas')) {
		// an <svg> inside another <svg> (or a pattern's) is part of its layer
		if (el instanceof SVGElement && el.parentElement?.closest('svg')) continue;
		if (!(el instanceof SVGSVGElement) && !(el instanceof HTMLCanvasElement)) continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) continue;
		layers.push({
			el,
			x: r.left - box.left,
			y: r.top - box.top,
			width: r.width,
			height: r.height
		});
	}
	return layers;
}

/** A copy of `svg` with every element's look written inline (`style`), standalone. */
export function inlineSvg(svg: SVGSVGElement): SVGSVGElement {
	const copy = svg.cloneNode(true) as SVGSVGElement;
	const from = [svg, ...svg.querySelectorAll('*')];
	const to = [copy, ...copy.querySelectorAll('*')];
	for (let i = 0; i < from.length; i++) {
		const target = to[i];
		if (!(target instanceof SVGElement)) continue;
		const computed = getComputedStyle(from[i]);
		const style = STYLE_PROPS.map((p) => {
			const v = computed.getPropertyValue(p);
			return v ? `${p}:${v}` : '';
		})
			.filter(Boolean)
			.join(';');
		target.setAttribute('style', style);
		target.removeAttribute('class');
	}
	return copy;
}

function svgElement<K extends keyof SVGElementTagNameMap>(name: K): SVGElementTagNameMap[K] {
	return document.createElementNS(SVG_NS, name);
}

/** The container's size in CSS pixels (the title band added). */
function frame(container: Element, title: string | undefined) {
	const r = container.getBoundingClientRect();
	const top = title ? TITLE_HEIGHT : 0;
	return { width: Math.round(r.width), height: Math.round(r.height) + top, top };
}

function titleText(title: string, width: number): SVGTextElement {
	const text = svgElement('text');
	text.setAttribute('x', String(width / 2));
	text.setAttribute('y', String(TITLE_HEIGHT - 8));
	text.setAttribute('text-anchor', 'middle');
	text.setAttribute('style', 'font: 600 13px system-ui, sans-serif; fill: #1b1f24');
	text.textContent = title;
	return text;
}

/**
 * An SVG layer's copy placed at its offset in the frame. LayerCake's `<svg>` sits inside
 * the padding with `overflow: visible`, and its axis labels lie outside its box: the copy
 * keeps them visible.
 */
function placedSvg(layer: Layer & { el: SVGSVGElement }, top: number): SVGSVGElement {
	const inner = inlineSvg(layer.el);
	inner.setAttribute('x', String(layer.x));
	inner.setAttribute('y', String(layer.y + top));
	inner.setAttribute('width', String(layer.width));
	inner.setAttribute('height', String(layer.height));
	inner.removeAttribute('style');
	inner.setAttribute('overflow', 'visible');
	return inner;
}

/** An empty standalone `<svg>` of `width` x `height`. */
function rootSvg(width: number, height: number): SVGSVGElement {
	const root = svgElement('svg');
	root.setAttribute('xmlns', SVG_NS);
	root.setAttribute('xmlns:xlink', XLINK_NS);
	root.setAttribute('width', String(width));
	root.setAttribute('height', String(height));
	root.setAttribute('viewBox', `0 0 ${width} ${height}`);
	return root;
}

/** The chart under `container` as a standalone SVG document (text). */
export function chartSvg(container: Element, title?: string): string {
	const { width, height, top } = frame(container, title);
	const root = rootSvg(width, height);
	const bg = svgElement('rect');
	bg.setAttribute('width', '100%');
	bg.setAttribute('height', '100%');
	bg.setAttribute('fill', '#ffffff');
	root.append(bg);
	if (title) root.append(titleText(title, width));
	for (const layer of chartLayers(container)) {
		if (layer.el instanceof HTMLCanvasElement) {
			const image = svgElement('image');
			image.setAttribute('x', String(layer.x));
			image.setAttribute('y', String(layer.y + top));
			image.setAttribute('width', String(layer.width));
			image.setAttribute('height', String(layer.height));
			image.setAttribute('preserveAspectRatio', 'none');
			image.setAttribute('href', layer.el.toDataURL('image/png'));
			root.append(image);
		} else {
			root.append(placedSvg({ ...layer, el: layer.el }, top));
		}
	}
	return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
}

/** An image of `svgText` (a data: URL, which the page's CSP allows), once decoded. */
async function svgImage(svgText: string): Promise<HTMLImageElement> {
	const img = new Image();
	img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
	await img.decode();
	return img;
}

/** The chart under `container` as PNG bytes, `scale` device pixels per CSS pixel. */
export async function chartPng(container: Element, title?: string, scale = 2): Promise<Blob> {
	const { width, height, top } = frame(container, title);
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(width * scale));
	canvas.height = Math.max(1, Math.round(height * scale));
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('this browser gave no 2D canvas to draw the PNG on');
	ctx.scale(scale, scale);
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, width, height);
	// Each SVG layer (and the title) is drawn as an image of the whole frame, so what lies
	// outside the layer's own box (axis labels in the padding) is drawn too.
	const drawSvg = async (content: SVGElement) => {
		const root = rootSvg(width, height);
		root.append(content);
		const img = await svgImage(new XMLSerializer().serializeToString(root));
		ctx.drawImage(img, 0, 0, width, height);
	};
	if (title) await drawSvg(titleText(title, width));
	for (const layer of chartLayers(container)) {
		if (layer.el instanceof HTMLCanvasElement) {
			ctx.drawImage(layer.el, layer.x, layer.y + top, layer.width, layer.height);
		} else {
			await drawSvg(placedSvg({ ...layer, el: layer.el }, top));
		}
	}
	return new Promise((resolve, reject) =>
		canvas.toBlob(
			(blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
			'image/png'
		)
	);
}

/** Saves `blob` as a download named `name`: a Blob URL, clicked, then revoked. */
export function saveBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.style.display = 'none';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
