import { mulberry32 } from './prefilter-patterns.js';

const METHODS = ['GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT'];
const WORDS = [
  'index', 'api', 'v1', 'users', 'login', 'static', 'js', 'css', 'img', 'search', 'account', 'cart',
  'product', 'wp-content', 'uploads', 'admin', 'assets', 'news', 'feed', 'download', 'update', 'config',
];
const EXTS = ['.html', '.php', '.js', '.css', '.png', '.json', '', '/'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.4.0',
  'python-requests/2.31.0',
];
const HOSTS = ['www.example.com', 'api.example.net', 'cdn.example.org', 'shop.example.com'];

/**
 * Deterministic 1,500-byte (by default) payloads shaped like an HTTP request segment: request line,
 * common headers, then a body that is form data, HTML-ish text or binary. Most ET content patterns
 * are absent, as in ordinary traffic; the headers give the automaton the shallow partial matches
 * ("GET /", "Host: ", "Mozilla/") that real traffic gives it.
 */
export function makeHttpPayloads(count: number, size = 1500, seed = 7): Uint8Array[] {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const out: Uint8Array[] = [];
  for (let k = 0; k < count; k++) {
    const path = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(WORDS)).join('/') + pick(EXTS);
    const query = rnd() < 0.5 ? `?id=${Math.floor(rnd() * 1e6)}&q=${pick(WORDS)}` : '';
    let text =
      `${pick(METHODS)} /${path}${query} HTTP/1.1\r\n` +
      `Host: ${pick(HOSTS)}\r\n` +
      `User-Agent: ${pick(AGENTS)}\r\n` +
      'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n' +
      'Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\n' +
      `Cookie: session=${Math.floor(rnd() * 1e12).toString(36)}; theme=${pick(WORDS)}\r\n` +
      'Connection: keep-alive\r\n\r\n';
    const buf = new Uint8Array(size);
    const bodyKind = rnd();
    while (text.length < size) {
      if (bodyKind < 0.4) text += `${pick(WORDS)}=${pick(WORDS)}${Math.floor(rnd() * 1000)}&`;
      else if (bodyKind < 0.8) text += `<div class="${pick(WORDS)}">${pick(WORDS)} ${pick(WORDS)}</div>\n`;
      else break;
    }
    const n = Math.min(size, text.length);
    for (let i = 0; i < n; i++) buf[i] = text.charCodeAt(i) & 0xff;
    for (let i = n; i < size; i++) buf[i] = Math.floor(rnd() * 256);
    out.push(buf);
  }
  return out;
}
