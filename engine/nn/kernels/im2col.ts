/**
 * im2col and its adjoint col2im for channels-last images: they turn a convolution into one
 * matrix product. Row (n, oy, ox) of the column matrix holds the kH×kW×C input patch under
 * output pixel (oy, ox) of image n, in (ky, kx, c) order; padding reads as 0. So
 * output[rows·outH·outW × filters] = cols · W[kH·kW·C × filters], already in NHWC order.
 */
import { WindowGeometry } from '../layers/conv-geometry';

/** Values in one row of the column matrix: kH·kW·C. */
export function patchSize(g: WindowGeometry): number {
  return g.kH * g.kW * g.channels;
}

/** Writes the column matrix of `images` images of `input` (starting at image `first`) into `cols`. */
export function im2col(input: Float32Array, first: number, images: number, g: WindowGeometry, cols: Float32Array): void {
  const { inH, inW, channels: c, kH, kW, stride, padTop, padLeft, outH, outW } = g;
  const imageSize = inH * inW * c;
  let o = 0;
  for (let n = 0; n < images; n++) {
    const base = (first + n) * imageSize;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * stride - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        for (let ky = 0; ky < kH; ky++) {
          const y = y0 + ky;
          if (y < 0 || y >= inH) {
            cols.fill(0, o, o + kW * c);
            o += kW * c;
            continue;
          }
          const row = base + y * inW * c;
          if (x0 >= 0 && x0 + kW <= inW) {
            // The whole kernel row is inside the image: kW·C contiguous values (the common case).
            const src = row + x0 * c, end = o + kW * c;
            for (let i = src; o < end; i++) cols[o++] = input[i]!;
            continue;
          }
          for (let kx = 0; kx < kW; kx++) {
            const x = x0 + kx;
            if (x < 0 || x >= inW) {
              for (let ch = 0; ch < c; ch++) cols[o++] = 0;
            } else {
              const src = row + x * c;
              for (let ch = 0; ch < c; ch++) cols[o++] = input[src + ch]!;
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: adds every column-matrix value back onto the input pixel it was read
 * from (overlapping windows sum), for `images` images written from image `first` of `out`.
 * Overwrites those images of `out`.
 */
export function col2im(cols: Float32Array, first: number, images: number, g: WindowGeometry, out: Float32Array): void {
  const { inH, inW, channels: c, kH, kW, stride, padTop, padLeft, outH, outW } = g;
  const imageSize = inH * inW * c;
  out.fill(0, first * imageSize, (first + images) * imageSize);
  let o = 0;
  for (let n = 0; n < images; n++) {
    const base = (first + n) * imageSize;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * stride - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        for (let ky = 0; ky < kH; ky++) {
          const y = y0 + ky;
          if (y < 0 || y >= inH) {
            o += kW * c;
            continue;
          }
          const row = base + y * inW * c;
          if (x0 >= 0 && x0 + kW <= inW) {
            const dst = row + x0 * c, end = o + kW * c;
            for (let i = dst; o < end; i++) out[i]! += cols[o++]!;
            continue;
          }
          for (let kx = 0; kx < kW; kx++) {
            const x = x0 + kx;
            if (x < 0 || x >= inW) {
              o += c;
            } else {
              const dst = row + x * c;
              for (let ch = 0; ch < c; ch++) out[dst + ch]! += cols[o++]!;
            }
          }
        }
      }
    }
  }
}
