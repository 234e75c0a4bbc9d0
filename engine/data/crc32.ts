/**
 * CRC-32 (the polynomial of gzip, zlib and PNG), table-driven. PNG chunks carry one each, and a
 * gzip member ends with the CRC-32 and length of its content: what finds where a member ends
 * when the platform's decompressor will not read past it (see gunzip.ts).
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Extends a running CRC-32 (start from 0) over `bytes`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
