/** Saving text or bytes made in the page as a file: a Blob URL, clicked, then revoked. */
export function saveFile(data: string | Uint8Array, name: string, type: string): void {
	const blob = new Blob([data as BlobPart], { type });
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
