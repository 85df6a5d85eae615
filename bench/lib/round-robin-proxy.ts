// A small loopback reverse proxy for `npm run bench -- instances`: node:http, keep-alive
// connections to each upstream, requests handed out in turn (round-robin). It stands in for the
// load balancer a region would run in front of several app instances. Hand-written (about 40
// lines) rather than a proxy library: the bench needs nothing but forwarding, and no proxy
// package is among the project's dependencies. Runs as its own process so its CPU is not the
// load generator's: node bench/lib/round-robin-proxy.ts (env UPSTREAMS=url,url  PORT).
import http from 'node:http';

const upstreams = (process.env.UPSTREAMS ?? '')
  .split(',')
  .filter(Boolean)
  .map((u) => new URL(u));
if (upstreams.length === 0) throw new Error('UPSTREAMS is empty');
const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
let next = 0;

const server = http.createServer((req, res) => {
  const target = upstreams[next++ % upstreams.length] as URL;
  const forwarded = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forwarded.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end();
  });
  req.pipe(forwarded);
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  agent.destroy();
  process.exit(0);
});
