/**
 * Which streaming XML parser the CTF import uses, by measurement: the import's own strict
 * scanner (CtfXmlScanner) against saxes and sax on the same generated CTF of about 50 MB,
 * read from disk in 64 KB chunks, each parser doing the minimum an importer needs (open tag,
 * text, close tag), in wall and CPU time. Then the whole CtfReader (scanner plus building
 * pupils) for the cost of the CTF layer on top of the parser.
 *
 * Also measured on 2026-12-07 outside the project (not dependencies): htmlparser2 10 in
 * xmlMode was no faster than saxes on this file (0.94-1.13 s CPU against 0.72-0.87 s for
 * 43 MB) and sax-wasm 3 four times slower (3.3-3.9 s: every event crosses from WebAssembly).
 *
 *   npm run bench:ctf-parsers     (BENCH_PUPILS=25000 by default, about 50 MB; BENCH_ROUNDS=3)
 */
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import { SaxesParser } from 'saxes';
import { CtfReader } from '../../apps/pupil-records/src/ctf/ctf-parser';
import { CtfXmlScanner } from '../../apps/pupil-records/src/ctf/ctf-xml-scanner';
import { writeCtfFile } from '../../apps/pupil-records/src/ctf/ctf-generator';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 25_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function* chunks(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) yield chunk as Buffer;
}

async function withSaxes(path: string): Promise<number> {
  const parser = new SaxesParser();
  let elements = 0;
  let textLength = 0;
  parser.on('opentag', () => elements++);
  parser.on('text', (text) => (textLength += text.length));
  parser.on('closetag', () => undefined);
  parser.on('error', (error) => {
    throw error;
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks(path)) parser.write(decoder.write(chunk));
  parser.close();
  return elements + textLength * 0;
}

async function withSax(path: string): Promise<number> {
  const parser = sax.parser(true, { trim: false, position: true });
  let elements = 0;
  let textLength = 0;
  parser.onopentag = () => elements++;
  parser.ontext = (text) => (textLength += text.length);
  parser.onclosetag = () => undefined;
  parser.onerror = (error) => {
    throw error;
  };
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks(path)) parser.write(decoder.write(chunk));
  parser.close();
  return elements + textLength * 0;
}

async function withScanner(path: string): Promise<number> {
  let elements = 0;
  let textLength = 0;
  const scanner = new CtfXmlScanner({
    open: () => elements++,
    text: (text) => (textLength += text.length),
    close: () => undefined,
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks(path)) scanner.write(decoder.write(chunk));
  scanner.close();
  return elements + textLength * 0;
}

async function withCtfReader(path: string): Promise<number> {
  let pupils = 0;
  for await (const item of new CtfReader(chunks(path))) if (item.kind === 'pupil') pupils++;
  return pupils;
}

async function best(label: string, bytes: number, run: () => Promise<number>): Promise<number> {
  let fastest = Infinity;
  let leastCpu = Infinity;
  let count = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    count = await run();
    const cpu = process.cpuUsage(cpuBefore);
    fastest = Math.min(fastest, performance.now() - started);
    leastCpu = Math.min(leastCpu, (cpu.user + cpu.system) / 1000);
  }
  const mbPerSecond = bytes / 1e6 / (fastest / 1000);
  // CPU time is steadier than wall time on a machine others are using.
  console.log(
    `${label.padEnd(30)} ${mbPerSecond.toFixed(1).padStart(7)} MB/s  (best of ${ROUNDS}: ${fastest.toFixed(0)} ms wall, ${leastCpu.toFixed(0)} ms CPU, ${count} items)`,
  );
  return mbPerSecond;
}

async function main(): Promise<void> {
  const path = join(tmpdir(), `ctf-bench-${process.pid}.xml`);
  try {
    await writeCtfFile(path, { pupils: PUPILS, seed: 42 });
    const { size } = await stat(path);
    console.log(`CTF of ${PUPILS} pupils, ${(size / 1e6).toFixed(1)} MB; node ${process.version}`);
    const scanner = await best('CtfXmlScanner (events only)', size, () => withScanner(path));
    const saxes = await best('saxes (events only)', size, () => withSaxes(path));
    const saxJs = await best('sax (events only)', size, () => withSax(path));
    await best('CtfReader (scanner + pupils)', size, () => withCtfReader(path));
    console.log(
      `CtfXmlScanner is ${(scanner / saxes).toFixed(2)}x saxes and ${(scanner / saxJs).toFixed(2)}x sax (wall throughput)`,
    );
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

void main();
