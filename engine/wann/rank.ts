/**
 * Multi-objective ranking (all objectives maximised): non-dominated sorting into Pareto fronts
 * (Deb et al. 2002), then, within a front, by the first objective and the others in turn, and by
 * index last so that equal scores always rank the same way.
 */

/** Whether `a` is at least as good as `b` in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! < b[k]!) return false;
    if (a[k]! > b[k]!) better = true;
  }
  return better;
}

/** The Pareto front of each item: 0 for the non-dominated, 1 for those dominated only by front 0, … */
export function paretoFronts(scores: readonly (readonly number[])[]): Int32Array {
  const n = scores.length;
  const front = new Int32Array(n);
  const dominatedBy = new Int32Array(n);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(scores[i]!, scores[j]!)) { dominating[i]!.push(j); dominatedBy[j]!++; }
      else if (dominates(scores[j]!, scores[i]!)) { dominating[j]!.push(i); dominatedBy[i]!++; }
    }
  }
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  for (let f = 0; current.length; f++) {
    const next: number[] = [];
    for (const i of current) {
      front[i] = f;
      for (const j of dominating[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    }
    current = next;
  }
  return front;
}

/** Item indices from best to worst: by front, then by each objective in order, then by index. */
export function rankOrder(scores: readonly (readonly number[])[]): number[] {
  const front = paretoFronts(scores);
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => {
    if (front[a] !== front[b]) return front[a]! - front[b]!;
    const sa = scores[a]!, sb = scores[b]!;
    for (let k = 0; k < sa.length; k++) if (sa[k] !== sb[k]) return sb[k]! - sa[k]!;
    return a - b;
  });
}
