import type { HttpResponse } from '@angular/common/http';

/** The file name from Content-Disposition (the UTF-8 `filename*` first), else the fallback. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Saves a downloaded body as a file, the browser's own way. A failed download never reaches here:
 * the error interceptor reads the problem+json out of the Blob body, so the caller shows its detail.
 */
export function saveResponse(response: HttpResponse<Blob>, fallback: string): void {
  // Never silent: an empty answer is an error the person sees, not a click that does nothing.
  if (!response.body) throw new Error('The server sent an empty file; try again.');
  const url = URL.createObjectURL(response.body);
  const link = document.createElement('a');
  link.href = url;
  link.download = filenameFrom(response.headers.get('content-disposition'), fallback);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
