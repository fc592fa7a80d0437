import { deflateSync } from 'node:zlib';

/** A real PNG of `width`×`height` pixels: signature, IHDR, IDAT (noise, so that it does not compress away), IEND. */
export function png(width = 4, height = 4): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let i = 0; i < raw.length; i++) raw[i] = i % (1 + width * 3) === 0 ? 0 : (i * 7919) & 0xff;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A baseline JPEG's markers around `size` bytes of entropy-coded filler: SOI, an APP0/JFIF
 * segment, the data, EOI. Enough for a content check that reads markers.
 */
export function jpeg(size = 2048): Buffer {
  const app0 = Buffer.from('ffe000104a46494600010100000100010000', 'hex');
  const data = Buffer.alloc(Math.max(0, size - 2 - app0.length - 2), 0x55);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, data, Buffer.from([0xff, 0xd9])]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
