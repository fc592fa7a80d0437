import { PhotoContentType } from '@pt/contracts';

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);
const JPEG_END = Buffer.from([0xff, 0xd9]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The IHDR chunk must come first: length 13, then its type. */
const PNG_IHDR = Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
/** An IEND chunk: length 0, type, and its fixed CRC. */
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * What an uploaded photograph really is, judged by its bytes and never by the declared
 * Content-Type or a file name: a JPEG starts with a start-of-image marker and a segment
 * marker (FF D8 FF) and ends with the end-of-image marker (FF D9); a PNG starts with its
 * signature and an IHDR chunk of non-zero width and height, and ends with IEND. Anything
 * else (text, HTML, a truncated image, another format) is null.
 */
export function photoContentTypeOf(content: Buffer): PhotoContentType | null {
  if (
    content.length >= JPEG_START.length + JPEG_END.length &&
    content.subarray(0, 3).equals(JPEG_START) &&
    content.subarray(content.length - 2).equals(JPEG_END)
  ) {
    return 'image/jpeg';
  }
  if (
    content.length >= 33 + PNG_IEND.length &&
    content.subarray(0, 8).equals(PNG_SIGNATURE) &&
    content.subarray(8, 16).equals(PNG_IHDR) &&
    content.readUInt32BE(16) > 0 &&
    content.readUInt32BE(20) > 0 &&
    content.subarray(content.length - PNG_IEND.length).equals(PNG_IEND)
  ) {
    return 'image/png';
  }
  return null;
}
