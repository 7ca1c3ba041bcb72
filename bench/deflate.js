// How fast the writer's compression could be: fflate's Deflate (level 1, what src/adapters/xlsx/zip-entries.ts uses)
// against Node's zlib (native) at level 1, and the writer's table CRC-32 in JavaScript against zlib.crc32, on one part
// of a register.xlsx the CLI wrote. Usage: node bench/deflate.js bench/.out/cli-100k/register.xlsx xl/worksheets/sheet2.xml
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { Deflate, unzipSync } = require('fflate');

const [file, part = 'xl/worksheets/sheet2.xml'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/deflate.js <register.xlsx> [part]\n');
  process.exit(2);
}
const data = unzipSync(fs.readFileSync(file), { filter: (f) => f.name === part })[part];
if (!data) throw new Error(`${part} is not in ${file}`);
const { crc32 } = require(path.join(__dirname, '..', 'lib', 'shared', 'crc32'));
const PIECE = 1 << 18; // the writer pushes pieces of about 256 KB

function time(name, f) {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  const out = f();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const d = process.cpuUsage(c);
  process.stdout.write(`${name.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(6)} s wall, ${((d.user + d.system) / 1e6).toFixed(2).padStart(6)} s CPU  ${out}\n`);
}

process.stdout.write(`${part}: ${(data.length / 1e6).toFixed(1)} MB of XML, in pieces of ${PIECE / 1024} KB\n`);
time('fflate Deflate level 1 (the writer)', () => {
  let n = 0;
  const d = new Deflate({ level: 1 }, (chunk) => (n += chunk.length));
  for (let i = 0; i < data.length; i += PIECE) d.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
  return `-> ${(n / 1e6).toFixed(1)} MB`;
});
// The writer pushes the source's shared strings (everything before the new <si>s) as one piece.
time('fflate Deflate level 1, the part in one push', () => {
  let n = 0;
  const d = new Deflate({ level: 1 }, (chunk) => (n += chunk.length));
  d.push(data, true);
  return `-> ${(n / 1e6).toFixed(1)} MB`;
});
time('zlib deflateRaw level 1 (node:zlib, native)', () => {
  // One call over the whole part (the same bytes; a streaming zlib.createDeflateRaw fed the pieces does the same work).
  const out = zlib.deflateRawSync(data, { level: 1 });
  return `-> ${(out.length / 1e6).toFixed(1)} MB`;
});
time('CRC-32, the writer\'s table loop (JS)', () => crc32(data).toString(16));
if (typeof zlib.crc32 === 'function') time('CRC-32, zlib.crc32 (native)', () => zlib.crc32(data).toString(16));
