import { Tensor, rowsOf } from '../tensor';
import { ImageShape } from './conv-geometry';
import { Layer } from './layer';

/**
 * Turns [rows, H, W, C] feature maps into [rows, H·W·C] vectors for the dense layers. Rows are
 * already stored flat and channels-last, so only the shape changes: no copy, no gradient work.
 */
export class Flatten implements Layer {
  readonly kind = 'flatten';
  readonly params = [];
  readonly outputSize: number;
  /** The last view handed out, reused while the input buffer is the same (no object per step). */
  private view: Tensor | undefined;

  constructor(readonly name: string, readonly inputShape: ImageShape) {
    this.outputSize = inputShape[0] * inputShape[1] * inputShape[2];
  }

  forward(input: Tensor): Tensor {
    const rows = rowsOf(input);
    if (this.view?.data !== input.data || this.view.shape[0] !== rows) this.view = { shape: [rows, this.outputSize], data: input.data };
    return this.view;
  }

  backward(outputGrad: Tensor): Tensor {
    return outputGrad;
  }
}
