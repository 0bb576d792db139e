/**
 * Saves `text` as a file through the browser's download, which the Tauri webview supports too; the user
 * picks where it goes. Used for exports the core hands back as text.
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some webviews read the blob after click() returns; let them finish before it goes.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
