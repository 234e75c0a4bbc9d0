import { Prng } from '../../prng';
import { BufferCache, Tensor, rowsOf } from '../tensor';
import { Layer } from './layer';

/**
 * Inverted dropout: while training, each value is zeroed with probability `rate` and the rest
 * are scaled by 1/(1−rate), so evaluation needs no rescaling and passes values through.
 */
export class Dropout implements Layer {
  readonly kind = 'dropout';
  readonly params = [];
  private readonly masks: BufferCache;
  private readonly outputs: BufferCache;
  private readonly inputGrads: BufferCache;
  private mask: Tensor | undefined;

  constructor(readonly name: string, readonly outputSize: number, readonly rate: number, private readonly rng: Prng) {
    this.masks = new BufferCache([outputSize]);
    this.outputs = new BufferCache([outputSize]);
    this.inputGrads = new BufferCache([outputSize]);
  }

  forward(input: Tensor, training: boolean): Tensor {
    if (!training || this.rate === 0) {
      this.mask = undefined;
      return input;
    }
    const rows = rowsOf(input);
    const mask = this.masks.get(rows), out = this.outputs.get(rows);
    const keep = 1 - this.rate, scale = 1 / keep;
    const m = mask.data, x = input.data, y = out.data;
    for (let i = 0; i < x.length; i++) {
      m[i] = this.rng.next() < keep ? scale : 0;
      y[i] = x[i]! * m[i]!;
    }
    this.mask = mask;
    return out;
  }

  backward(outputGrad: Tensor): Tensor {
    if (!this.mask) return outputGrad;
    const dx = this.inputGrads.get(rowsOf(outputGrad));
    const m = this.mask.data, dy = outputGrad.data, d = dx.data;
    for (let i = 0; i < dy.length; i++) d[i] = dy[i]! * m[i]!;
    return dx;
  }
}
