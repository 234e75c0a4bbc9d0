import { Direction } from './directions';
import { dot, readFlatGrad, writeFlat } from './flat-params';
import { Objective, objectiveGradient, objectiveLoss } from './objective';
import { Surface2D } from '../../shared/surface-2d';

/**
 * A network's loss on the plane origin + α·d1 + β·d2 as a function of (α, β), with gradient
 * (d1·∇L, d2·∇L) by the chain rule: what lets optimizers race on the model's own slice. Each
 * call sets the weights, evaluates, and puts the model's weights (and gradients) back.
 */
export function sliceSurface(o: Objective, origin: Float64Array, d1: Direction, d2: Direction): Surface2D {
  const params = o.model.params;
  const grad = new Float64Array(origin.length);
  const at = <T>(alpha: number, beta: number, body: () => T): T => {
    const saved = o.model.snapshot(), grads = params.map((p) => p.grad.slice());
    try {
      writeFlat(params, origin, alpha, d1, beta, d2);
      return body();
    } finally {
      o.model.restore(saved);
      params.forEach((p, i) => p.grad.set(grads[i]!));
    }
  };
  return {
    value: (alpha, beta) => at(alpha, beta, () => objectiveLoss(o)),
    gradient: (alpha, beta, out) =>
      at(alpha, beta, () => {
        const value = objectiveGradient(o);
        readFlatGrad(params, grad);
        out[0] = dot(d1, grad);
        out[1] = dot(d2, grad);
        return value;
      }),
  };
}
