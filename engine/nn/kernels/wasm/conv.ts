// @ts-nocheck — this file is AssemblyScript, compiled to WebAssembly by `asc` (scripts/build-wasm.mjs),
// which type-checks it with its own types (f32, usize, v128); tsc does not know them.
/*
 * The convolution and pooling loops of engine/nn/kernels/im2col.ts, engine/nn/kernels/ops.ts and
 * engine/nn/layers/pool2d.ts, for the same module as the matmul (engine/nn/kernels/wasm/kernels.ts),
 * so columns built here feed the matmul without leaving WebAssembly memory.
 *
 * Every loop visits values in the same order as its TypeScript reference and rounds the same
 * way (copies, float32 additions, a max), so results are bit for bit the reference's; the one
 * float64 step (avg-pool's scale) is done in float64 here too. Images are channels-last (NHWC);
 * pointers are byte offsets into memory laid out by the host (engine/nn/kernels/wasm-conv.ts).
 */

/**
 * Copies `n` floats from `src` to `dst`, 4 at a time then one by one. A loop, not memory.copy:
 * the spans here are a few floats (a 5-pixel kernel row of 1 channel is 20 bytes), for which
 * a bulk-memory call costs several times the copy.
 */
// @ts-ignore: decorator
@inline function copy(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/** Writes `n` zero floats at `dst` (a loop, for the same reason as copy). */
// @ts-ignore: decorator
@inline function zero(dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), i32x4.splat(0));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), 0);
}

/** The column matrix of `images` images at `input` (see engine/nn/kernels/im2col.ts), written to `cols`. */
export function im2col(input: usize, images: i32, inH: i32, inW: i32, c: i32, kH: i32, kW: i32, stride: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, cols: usize): void {
  const imageBytes: usize = <usize>(inH * inW * c) << 2;
  const rowBytes: usize = <usize>(inW * c) << 2;
  const span = kW * c;
  const spanBytes: usize = <usize>span << 2;
  const pixelBytes: usize = <usize>c << 2;
  let o = cols;
  for (let n = 0; n < images; n++) {
    const base = input + <usize>n * imageBytes;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * stride - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        const inside = x0 >= 0 && x0 + kW <= inW;
        for (let ky = 0; ky < kH; ky++) {
          const y = y0 + ky;
          if (y < 0 || y >= inH) {
            zero(o, span);
            o += spanBytes;
            continue;
          }
          const row = base + <usize>y * rowBytes;
          if (inside) {
            copy(o, row + <usize>x0 * pixelBytes, span);
            o += spanBytes;
            continue;
          }
          for (let kx = 0; kx < kW; kx++) {
            const x = x0 + kx;
            if (x < 0 || x >= inW) zero(o, c);
            else copy(o, row + <usize>x * pixelBytes, c);
            o += pixelBytes;
          }
        }
      }
    }
  }
}

/** Adds `n` floats at `src` onto `dst`, in index order (f32x4 lanes are independent sums). */
function addInto(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at: usize = <usize>i << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
  }
  for (; i < n; i++) {
    const at: usize = <usize>i << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src + at));
  }
}

/** The adjoint of im2col: overwrites the `images` images at `out` with the column values summed back onto their pixels. */
export function col2im(cols: usize, images: i32, inH: i32, inW: i32, c: i32, kH: i32, kW: i32, stride: i32, padTop: i32, padLeft: i32, outH: i32, outW: i32, out: usize): void {
  const imageBytes: usize = <usize>(inH * inW * c) << 2;
  const rowBytes: usize = <usize>(inW * c) << 2;
  const span = kW * c;
  const spanBytes: usize = <usize>span << 2;
  const pixelBytes: usize = <usize>c << 2;
  memory.fill(out, 0, <usize>images * imageBytes);
  let o = cols;
  for (let n = 0; n < images; n++) {
    const base = out + <usize>n * imageBytes;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * stride - padTop;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * stride - padLeft;
        const inside = x0 >= 0 && x0 + kW <= inW;
        for (let ky = 0; ky < kH; ky++) {
          const y = y0 + ky;
          if (y < 0 || y >= inH) {
            o += spanBytes;
            continue;
          }
          const row = base + <usize>y * rowBytes;
          if (inside) {
            addInto(row + <usize>x0 * pixelBytes, o, span);
            o += spanBytes;
            continue;
          }
          for (let kx = 0; kx < kW; kx++) {
            const x = x0 + kx;
            if (x >= 0 && x < inW) addInto(row + <usize>x * pixelBytes, o, c);
            o += pixelBytes;
          }
        }
      }
    }
  }
}

/** out[r·cols + j] = v[j] for `rows` rows (a bias broadcast). */
export function broadcastRows(v: usize, out: usize, rows: i32, cols: i32): void {
  const bytes: usize = <usize>cols << 2;
  for (let r = 0; r < rows; r++) copy(out + <usize>r * bytes, v, cols);
}

/** out[j] (+)= Σ_r a[r·cols + j], rows in order (a bias gradient); overwrites out unless `accumulate`. */
export function sumRows(a: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  const bytes: usize = <usize>cols << 2;
  if (!accumulate) memory.fill(out, 0, bytes);
  for (let r = 0; r < rows; r++) addInto(out, a + <usize>r * bytes, cols);
}

/**
 * Max pooling (no padding) of `images` images: y gets each window's largest value per channel,
 * `winner` the flat index (within the whole batch, counting from image `first`) of the value that
 * won, the first in window order on ties — as MaxPool2D.forward.
 */
export function maxPoolForward(x: usize, first: i32, images: i32, inH: i32, inW: i32, c: i32, kH: i32, kW: i32, stride: i32, outH: i32, outW: i32, y: usize, winner: usize): void {
  const imageSize = inH * inW * c;
  if ((c & 3) == 0) {
    maxPoolForward4(x, first, images, inH, inW, c, kH, kW, stride, outH, outW, y, winner);
    return;
  }
  let o: usize = 0;
  for (let n = 0; n < images; n++) {
    const base = n * imageSize;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = base + (oy * stride * inW + ox * stride) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = load<f32>(x + (<usize>(corner + ch) << 2));
          let at = corner + ch;
          for (let ky = 0; ky < kH; ky++) {
            for (let kx = 0; kx < kW; kx++) {
              const i = corner + (ky * inW + kx) * c + ch;
              const v = load<f32>(x + (<usize>i << 2));
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          store<f32>(y + ((o + <usize>ch) << 2), best);
          store<i32>(winner + ((o + <usize>ch) << 2), at + first * imageSize);
        }
        o += <usize>c;
      }
    }
  }
}

/**
 * maxPoolForward for channel counts divisible by 4: four channels per f32x4, the winner chosen
 * per lane by the same strict comparison in the same window order (so the same winners).
 */
function maxPoolForward4(x: usize, first: i32, images: i32, inH: i32, inW: i32, c: i32, kH: i32, kW: i32, stride: i32, outH: i32, outW: i32, y: usize, winner: usize): void {
  const imageSize = inH * inW * c;
  const lanes = i32x4(0, 1, 2, 3);
  let o: usize = 0;
  for (let n = 0; n < images; n++) {
    const base = n * imageSize;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = base + (oy * stride * inW + ox * stride) * c;
        for (let ch = 0; ch < c; ch += 4) {
          let best = v128.load(x + (<usize>(corner + ch) << 2));
          let at = i32x4.add(i32x4.splat(corner + ch), lanes);
          for (let ky = 0; ky < kH; ky++) {
            for (let kx = 0; kx < kW; kx++) {
              const i = corner + (ky * inW + kx) * c + ch;
              const v = v128.load(x + (<usize>i << 2));
              const wins = f32x4.gt(v, best);
              best = v128.bitselect(v, best, wins);
              at = v128.bitselect(i32x4.add(i32x4.splat(i), lanes), at, wins);
            }
          }
          v128.store(y + ((o + <usize>ch) << 2), best);
          v128.store(winner + ((o + <usize>ch) << 2), i32x4.add(at, i32x4.splat(first * imageSize)));
        }
        o += <usize>c;
      }
    }
  }
}

/** dx (count values, zeroed first) gets each dy[o] added at winner[o] − offset. */
export function maxPoolBackward(dy: usize, winner: usize, outputs: i32, offset: i32, dx: usize, count: i32): void {
  memory.fill(dx, 0, <usize>count << 2);
  for (let o = 0; o < outputs; o++) {
    const at = dx + (<usize>(load<i32>(winner + (<usize>o << 2)) - offset) << 2);
    store<f32>(at, load<f32>(at) + load<f32>(dy + (<usize>o << 2)));
  }
}

/** Average pooling (no padding): each window's float32 sum per channel, then × scale in float64, as AvgPool2D.forward. */
export function avgPoolForward(x: usize, images: i32, inH: i32, inW: i32, c: i32, kH: i32, kW: i32, stride: i32, outH: i32, outW: i32, y: usize, scale: f64): void {
  const imageSize = inH * inW * c;
  let o: usize = y;
  const cBytes: usize = <usize>c << 2;
  for (let n = 0; n < images; n++) {
    const base = n * imageSize;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = base + (oy * stride * inW + ox * stride) * c;
        zero(o, c);
        for (let ky = 0; ky < kH; ky++) {
          for (let kx = 0; kx < kW; kx++) addInto(o, x + (<usize>(corner + (ky * inW + kx) * c) << 2), c);
        }
        for (let ch = 0; ch < c; ch++) {
          const at = o + (<usize>ch << 2);
          store<f32>(at, <f32>(<f64>load<f32>(at) * scale));
        }
        o += cBytes;
      }
    }
  }
}

/** The adjoint of avgPoolForward: each window cell gets dy · scale (a float64, as in AvgPool2D.backward) added, in its order. */
export function avgPoolBackward(dy: usize, images: i32, inH: i32, inW: i32, c: i32, kH: i32, kW: i32, stride: i32, outH: i32, outW: i32, dx: usize, scale: f64): void {
  const imageSize = inH * inW * c;
  memory.fill(dx, 0, <usize>(images * imageSize) << 2);
  let o: usize = dy;
  for (let n = 0; n < images; n++) {
    const base = n * imageSize;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ch = 0; ch < c; ch++) {
          const g = <f64>load<f32>(o) * scale;
          o += 4;
          for (let ky = 0; ky < kH; ky++) {
            for (let kx = 0; kx < kW; kx++) {
              const at = dx + (<usize>(base + ((oy * stride + ky) * inW + ox * stride + kx) * c + ch) << 2);
              store<f32>(at, <f32>(<f64>load<f32>(at) + g));
            }
          }
        }
      }
    }
  }
}

/** y = x > 0 ? x : 0 over n floats (NaN and −0 give +0, as the reference's comparison does). */
export function reluForward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at: usize = <usize>i << 2;
    const v = v128.load(x + at);
    v128.store(y + at, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(y + (<usize>i << 2), v > 0 ? v : 0);
  }
}

/** dx = x > 0 ? dy : 0 over n floats (ReLU′(0) = 0). */
export function reluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at: usize = <usize>i << 2;
    v128.store(dx + at, v128.and(v128.load(dy + at), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; i < n; i++) {
    const at: usize = <usize>i << 2;
    store<f32>(dx + at, load<f32>(x + at) > 0 ? load<f32>(dy + at) : 0);
  }
}
