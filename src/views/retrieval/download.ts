/** Saves text files the way a download link does (one click per file). */
export function downloadTextFiles(files: Array<{ name: string; mime: string; text: string }>): void {
  for (const f of files) {
    const url = URL.createObjectURL(new Blob([f.text], { type: f.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // Revoke after the click has been handled; revoking at once can cancel the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
