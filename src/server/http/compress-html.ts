import zlib from 'node:zlib';
import { setBounded } from '../../domain/collections/bounded-map.ts';

// Pages shorter than this are sent as they are: the compressed frame and the extra header would
// win back too little to be worth the CPU. Counted in characters, so no page is encoded just to
// be measured; one just under it, with many æ, ø and å, is a few bytes over and still too small.
const minimumCharacters = 1024;

// Dynamic pages are compressed on every request, so brotli runs at its fastest, quality 0. Under
// the server bench's open load, the two qualities taking turns request by request in one
// process (7,268 pages each, 5 December 2026): the 6.4 KB writing step took 86 µs at quality 0
// and 107 µs at quality 1, for 2,612 against 2,540 bytes (3 % more). Quality 2 had taken 1.6–1.9×
// quality 1's CPU for 5–7 % smaller output, gzip 6 more still, and the server bench's CPU per
// request is a goal. Quality 11 is for build-time files only.
// The window is fitted to the page (brotliWindowBits): a back-reference can never reach further
// than the page is long, so the output is the same, and the encoder's buffers are as small as the
// page. With caches flushed between calls, as on a busy server, the 8.6 KB writing step took a
// median 39 µs and 0.2 page faults at its fitted 16 KB window, against 46 µs and 0.5 at 256 KB.
// The options object is made once and only the size hint and window change: building it per
// request was a measurable part of a page's compression under load.
/** 256 KB: the widest window a page gets. */
const WIDEST_WINDOW_BITS = 18;
const brotliParams: Record<number, number> = {
  [zlib.constants.BROTLI_PARAM_QUALITY]: 0,
  [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  [zlib.constants.BROTLI_PARAM_LGWIN]: WIDEST_WINDOW_BITS,
  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: 0,
};

/** The smallest brotli window (as bits) that holds a whole body of this many bytes, between
 * brotli's least (10) and 256 KB (18): a larger window only costs memory. Brotli's window holds
 * 2^bits − 16 bytes. */
export function brotliWindowBits(bytes: number): number {
  let bits = zlib.constants.BROTLI_MIN_WINDOW_BITS;
  while (bits < WIDEST_WINDOW_BITS && (1 << bits) - 16 < bytes) bits++;
  return bits;
}
const brotliOptions: zlib.BrotliOptions = { params: brotliParams };
const gzipOptions: zlib.ZlibOptions = { level: 6 };

export type HtmlEncoding = 'br' | 'gzip';

// Headers seen and the encoding each chose; bounded, since a client may send any header it likes.
const ACCEPT_ENCODINGS_KEPT = 100;
const encodingByHeader = new Map<string, HtmlEncoding | null>();

/** The encoding to use for a page, from the request's Accept-Encoding: brotli when taken, gzip
 * otherwise, none when neither is (an explicit q=0 refuses). */
export function chooseHtmlEncoding(acceptEncoding: string | string[] | undefined): HtmlEncoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  // A browser sends the same header on every request, and there are few browsers.
  const known = encodingByHeader.get(header);
  if (known !== undefined) return known;
  const chosen = parseAcceptEncoding(header);
  setBounded(encodingByHeader, header, chosen, ACCEPT_ENCODINGS_KEPT);
  return chosen;
}

function parseAcceptEncoding(header: string): HtmlEncoding | null {
  const accepted = new Set<string>();
  for (const part of header.toLowerCase().split(',')) {
    const [token, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (token && !(q && Number(q.slice(2)) === 0)) accepted.add(token.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

/**
 * Whether a page may be compressed for this request. BREACH: a page that holds a secret (the form
 * token, a person's own text) and also echoes something an attacker chose lets the attacker guess
 * the secret from compressed sizes, by making the browser load the page many times from their own
 * site. Browsers say where a request comes from (Sec-Fetch-Site): requests from another site get
 * the page uncompressed, so there are no sizes to learn from; a person moving around the app, or
 * opening it from a bookmark, gets it compressed. Clients that do not say (not browsers) too.
 */
export function mayCompressFor(fetchSite: string | string[] | undefined): boolean {
  return fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
}

// A compressed page is encoded to UTF-8 in this one buffer, kept from request to request, and
// compressed from there: the encoder reads it synchronously and returns new bytes, so the next
// page may overwrite it. Under the server bench's load, allocating a buffer per page (Buffer.from)
// took 24–26 µs of the 8.6 KB writing step, and encoding and compressing 104–117 µs together;
// with the kept buffer the two took 89–97 µs (timed inside the process, two runs each).
const SCRATCH_KEPT_BYTES = 256 * 1024;
const encoder = new TextEncoder();
let scratch = Buffer.allocUnsafe(16 * 1024);

/** The page as UTF-8, in the scratch buffer when it fits the kept size; valid until the next call. */
function encodeForCompression(body: string): Buffer {
  // UTF-8 takes at most 3 bytes for each UTF-16 unit.
  if (body.length * 3 > SCRATCH_KEPT_BYTES) return Buffer.from(body);
  let encoded = encoder.encodeInto(body, scratch);
  if (encoded.read < body.length) {
    scratch = Buffer.allocUnsafe(Math.min(SCRATCH_KEPT_BYTES, Math.max(scratch.length * 2, body.length * 3)));
    encoded = encoder.encodeInto(body, scratch);
  }
  return scratch.subarray(0, encoded.written);
}

/** Compresses a page for the browser when it takes brotli or gzip, the request comes from this
 * site, and the page is worth it. Adds content-encoding and vary to the given headers; returns
 * the bytes to send. */
export function compressHtml(
  body: string,
  request: { 'accept-encoding'?: string | string[] | undefined; 'sec-fetch-site'?: string | string[] | undefined },
  headers: Record<string, string | string[]>,
): Buffer {
  // Every page's representation depends on both headers, small or not, so caches keep apart.
  headers.vary = headers.vary ? `${headers.vary}, accept-encoding, sec-fetch-site` : 'accept-encoding, sec-fetch-site';
  if (body.length < minimumCharacters || !mayCompressFor(request['sec-fetch-site'])) return Buffer.from(body);
  const encoding = chooseHtmlEncoding(request['accept-encoding']);
  if (encoding === null) return Buffer.from(body);
  headers['content-encoding'] = encoding;
  const bytes = encodeForCompression(body);
  if (encoding === 'gzip') return zlib.gzipSync(bytes, gzipOptions);
  brotliParams[zlib.constants.BROTLI_PARAM_SIZE_HINT] = bytes.length;
  brotliParams[zlib.constants.BROTLI_PARAM_LGWIN] = brotliWindowBits(bytes.length);
  return zlib.brotliCompressSync(bytes, brotliOptions);
}
