/** Saves a file the way a browser download does: a temporary <a download> clicked once. */
export function downloadUrl(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves text as a file (the CSV exports). */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  downloadUrl(url, filename);
  // The click has handed the blob to the download; free it once the handler has returned.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
