import type { AtlasGrid, AtlasCell } from '../protocol/layer-features';
export type { AtlasGrid, AtlasCell } from '../protocol/layer-features';
/**
 * The activation atlas: a 2-D map of activation vectors cut into a grid; each cell that holds
 * enough points stands for their mean activation, shown by the input whose activation is
 * nearest that mean (the Atlas renders a feature visualization there; a real input is the
 * honest, cheap stand-in).
 */

/**
 * Bins the n 2-D `points` (n×2) into gridSize×gridSize cells over their bounding box, averages
 * the `vectors` (n×dims) of each cell, and drops cells with fewer than `minPoints` points
 * (a lone point is noise, not a region of the map).
 */
export function atlasGrid(points: Float32Array, vectors: Float32Array, n: number, dims: number, gridSize = 20, minPoints = 3): AtlasGrid {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, points[2 * i]!); maxX = Math.max(maxX, points[2 * i]!);
    minY = Math.min(minY, points[2 * i + 1]!); maxY = Math.max(maxY, points[2 * i + 1]!);
  }
  const bin = (v: number, lo: number, hi: number): number => (hi > lo ? Math.min(gridSize - 1, Math.floor(((v - lo) / (hi - lo)) * gridSize)) : 0);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = bin(points[2 * i + 1]!, minY, maxY) * gridSize + bin(points[2 * i]!, minX, maxX);
    let list = members.get(key);
    if (!list) members.set(key, (list = []));
    list.push(i);
  }
  const cells: AtlasCell[] = [];
  for (const [key, list] of [...members].sort((a, b) => a[0] - b[0])) {
    if (list.length < minPoints) continue;
    const mean = new Float32Array(dims);
    for (const i of list) for (let j = 0; j < dims; j++) mean[j]! += vectors[i * dims + j]! / list.length;
    let nearest = list[0]!, best = Infinity;
    for (const i of list) {
      let d = 0;
      for (let j = 0; j < dims; j++) d += (vectors[i * dims + j]! - mean[j]!) ** 2;
      if (d < best) {
        best = d;
        nearest = i;
      }
    }
    cells.push({ gx: key % gridSize, gy: Math.floor(key / gridSize), count: list.length, mean, nearest });
  }
  return { gridSize, bounds: { minX, maxX, minY, maxY }, cells };
}
