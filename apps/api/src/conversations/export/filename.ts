/**
 * A download name from a conversation title. The plain `filename` keeps only [A-Za-z0-9._-],
 * so nothing from the title can break the header; `filename*` (RFC 6266 / 8187) carries the
 * readable name, percent-encoded, for clients that understand it.
 */
export function contentDisposition(title: string, extension: string): string {
  const readable = title
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100)
    .trim();
  const ascii = readable
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  const fallback = `${ascii || 'conversation'}.${extension}`;
  const encoded = encodeURIComponent(`${readable || 'conversation'}.${extension}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
