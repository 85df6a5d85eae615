import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, isStaticPath } from './static-files.ts';

// Raw requests (node:http, not fetch) so paths like /static/../x reach the server unnormalised.
function request(port: number, method: string, rawPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  let root: string;
  let server: http.Server;
  let port: number;
  const script = 'console.log("æøå");\n'.repeat(50);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'eo-static-'));
    fs.mkdirSync(path.join(root, 'build'));
    fs.writeFileSync(path.join(root, 'app.css'), 'body { color: black; }\n');
    fs.writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(root, 'data.bin'), 'x');
    fs.writeFileSync(path.join(root, 'replaced.css'), 'p { margin: 0; }\n');
    fs.writeFileSync(path.join(root, 'build', 'app.js'), script);
    fs.writeFileSync(path.join(root, 'build', 'app.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(root, 'build', 'sw.js'), 'self.addEventListener("fetch", () => {});\n');
    fs.writeFileSync(path.join(root, 'build', 'app-ABCD2345.js'), script);
    fs.writeFileSync(
      path.join(root, 'build', 'manifest.json'),
      JSON.stringify({ 'app.js': '/static/build/app-ABCD2345.js', 'app.css': '/static/build/app-0123456789.css' }),
    );
    fs.writeFileSync(path.join(path.dirname(root), 'outside-static.txt'), 'secret');
    const serve = createStaticHandler(root);
    // The raw path, not the app's normalised URL: the handler itself must not step outside.
    server = http.createServer((req, res) => void serve(req, res, req.url!));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(path.join(path.dirname(root), 'outside-static.txt'), { force: true });
  });

  it('knows which paths are files', () => {
    expect(isStaticPath('/static/app.css')).toBe(true);
    expect(isStaticPath('/sw.js')).toBe(true);
    expect(isStaticPath('/statics')).toBe(false);
    expect(isStaticPath('/sign-in')).toBe(false);
  });

  it('serves a file with its UTF-8 type, security headers, five minutes of caching and a validator', async () => {
    const res = await request(port, 'GET', '/static/app.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['last-modified']).toBeTruthy();
    expect(res.body.toString()).toBe('body { color: black; }\n');
    expect((await request(port, 'GET', '/static/icon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await request(port, 'GET', '/static/data.bin')).headers['content-type']).toBe('application/octet-stream');
  });

  it('answers 304 to a browser that has the current version', async () => {
    const first = await request(port, 'GET', '/static/app.css');
    const etag = String(first.headers.etag);
    const again = await request(port, 'GET', '/static/app.css', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['x-frame-options']).toBe('DENY');
  });

  it('sends the brotli file to a browser that accepts it and the plain one otherwise', async () => {
    const compressed = await request(port, 'GET', '/static/build/app.js', { 'accept-encoding': 'gzip, br' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(compressed.headers.vary).toBe('Accept-Encoding');
    expect(zlib.brotliDecompressSync(compressed.body).toString()).toBe(script);
    const plain = await request(port, 'GET', '/static/build/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('lets the browser keep a content-hashed file for a year, and still answers 304 to a revalidation', async () => {
    const hashed = await request(port, 'GET', '/static/build/app-ABCD2345.js');
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.body.toString()).toBe(script);
    const again = await request(port, 'GET', '/static/build/app-ABCD2345.js', { 'if-none-match': String(hashed.headers.etag) });
    expect(again.status).toBe(304);
    // The same bytes under a name without the hash may change tomorrow: revalidated.
    expect((await request(port, 'GET', '/static/build/app.js')).headers['cache-control']).toBe('public, max-age=300');
  });

  it('serves the service worker from the root, revalidated on every load', async () => {
    const res = await request(port, 'GET', '/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['service-worker-allowed']).toBe('/');
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await request(port, 'HEAD', '/static/app.css');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const post = await request(port, 'POST', '/static/app.css');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('gives 404 for missing files, folders and anything outside the folder', async () => {
    for (const rawPath of [
      '/static/missing.css',
      '/static/build',
      '/static/',
      '/static/../outside-static.txt',
      '/static/%2e%2e/outside-static.txt',
      '/static/..%2foutside-static.txt',
    ]) {
      const res = await request(port, 'GET', rawPath);
      expect(res.status, rawPath).toBe(404);
      expect(res.body.toString(), rawPath).toBe('Not found');
      expect(res.headers['cache-control'], rawPath).toBe('no-store');
      expect(res.headers['x-content-type-options'], rawPath).toBe('nosniff');
    }
  });

  it('a file gone since the start (a rebuild) fails that one request; the server goes on', async () => {
    fs.rmSync(path.join(root, 'replaced.css'));
    await expect(request(port, 'GET', '/static/replaced.css')).rejects.toThrow();
    expect((await request(port, 'GET', '/static/app.css')).status).toBe(200);
  });
});
