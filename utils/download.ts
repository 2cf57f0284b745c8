// Saves generated text (a CSV or JSON export) as a file, through a temporary Blob URL and a download link.
export function downloadText(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Firefox still reads the Blob URL after click() returns; give the download time to start.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
