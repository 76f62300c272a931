/**
 * Hands bytes to the host's save dialog (Electron asks where to save; a browser downloads).
 * Only ever called with encrypted bytes or data that holds no personal data (receipts, keys).
 */
export function saveFile(name: string, content: BlobPart, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const saveJson = (name: string, value: unknown) => saveFile(name, JSON.stringify(value, null, 2), 'application/json');

export const saveBase64 = (name: string, base64: string) => saveFile(name, Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
