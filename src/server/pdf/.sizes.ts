import { inflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
const pdf = readFileSync(process.argv[2]!);
const s = pdf.toString('latin1');
const re = /(\d+) 0 obj\s*<<([\s\S]*?)>>\s*stream\r?\n/g;
let m;
while ((m = re.exec(s))) {
  const len = Number(/\/Length (\d+)/.exec(m[2]!)?.[1]);
  const start = m.index + m[0].length;
  const raw = inflateSync(pdf.subarray(start, start + len));
  console.log(m[1], m[2]!.replace(/\s+/g, ' ').slice(0, 60), 'compressed', len, 'raw', raw.length);
}
