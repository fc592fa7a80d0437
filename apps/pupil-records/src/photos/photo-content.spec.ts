import { photoContentTypeOf } from './photo-content';
import { png } from '@pt/testing/test-images';

const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb0043000808ffd9', 'hex');

describe('photograph content check (by bytes, not by declared type)', () => {
  it('recognises a JPEG by its start-of-image and end-of-image markers', () => {
    expect(photoContentTypeOf(jpeg)).toBe('image/jpeg');
  });

  it('recognises a PNG by its signature, IHDR and IEND', () => {
    expect(photoContentTypeOf(png(3, 2))).toBe('image/png');
  });

  it('refuses text, HTML and an empty body whatever they claim to be', () => {
    expect(photoContentTypeOf(Buffer.from('This is not a photograph\n'))).toBeNull();
    expect(photoContentTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(photoContentTypeOf(Buffer.alloc(0))).toBeNull();
  });

  it('refuses a truncated JPEG (no end-of-image marker) and a PNG cut before IEND', () => {
    expect(photoContentTypeOf(jpeg.subarray(0, jpeg.length - 2))).toBeNull();
    const full = png();
    expect(photoContentTypeOf(full.subarray(0, full.length - 12))).toBeNull();
  });

  it('refuses a PNG signature without an IHDR chunk first, or with zero width', () => {
    const full = png();
    const noIhdr = Buffer.from(full);
    noIhdr.write('IDAT', 12, 'ascii');
    expect(photoContentTypeOf(noIhdr)).toBeNull();
    expect(photoContentTypeOf(png(0, 1))).toBeNull();
  });

  it('refuses a GIF and a JPEG marker followed by something that is not one', () => {
    expect(photoContentTypeOf(Buffer.from('GIF89a\x01\x00\x01\x00\x00\xff\xd9', 'latin1'))).toBeNull();
    expect(photoContentTypeOf(Buffer.from([0xff, 0xd8, 0x00, 0x00, 0xff, 0xd9]))).toBeNull();
  });
});
