import { WannData } from './data';
import { WannGenome, compileGenome, firstHiddenId, nodeCount, nodeKind } from './genome';
import { WannChampionEvent, WannGenerationEvent, WannNodeView, WannSweepEvent, WannTableEvent } from '../protocol/wann';
import { WannResults, wannTable } from './results';
import { WannCandidate, WannGenerationStats, WannSearchResult, hiddenCount } from './search';

/** Each node's longest path from an input or the bias (0 for those; hidden nodes ≥ 1; outputs one past the deepest hidden node). */
export function nodeDepths(g: WannGenome): number[] {
  const c = compileGenome(g);
  const depth = new Array<number>(nodeCount(g)).fill(0);
  for (const v of c.order) {
    for (let e = c.inStart[v]!; e < c.inStart[v + 1]!; e++) depth[v] = Math.max(depth[v]!, depth[c.inFrom[e]!]! + 1);
  }
  // Outputs share the last column, whatever their own depth.
  let deepest = 0;
  for (let v = firstHiddenId(g); v < nodeCount(g); v++) deepest = Math.max(deepest, depth[v]!);
  for (let o = 0; o < g.outputs; o++) depth[g.inputs + 1 + o] = deepest + 1;
  return depth;
}

/** The generation event of a search's stats. */
export function generationEvent(s: WannGenerationStats): WannGenerationEvent {
  return {
    type: 'wann-generation', generation: s.generation,
    meanPerformance: s.meanPerformance, bestMeanPerformance: s.bestMeanPerformance, bestPerformance: s.bestPerformance,
    meanConnections: s.meanConnections, championConnections: s.champion.connections,
    championHiddenNodes: hiddenCount(s.champion.genome), championMean: s.champion.mean,
    evaluations: s.evaluations, elapsedSeconds: s.elapsedSeconds,
  };
}

/** The champion as a graph event, labelled with the data's feature and class names. */
export function championEvent(c: WannCandidate, generation: number, weights: readonly number[], data: WannData): WannChampionEvent {
  const g = c.genome, depth = nodeDepths(g);
  const classLabel = (o: number): string => (g.outputs === 1 ? `class ${data.classNames[1] ?? '1'} if > 0` : data.classNames[o] ?? `class ${o}`);
  const nodes: WannNodeView[] = g.activations.map((activation, id) => {
    const kind = nodeKind(g, id);
    const label = kind === 'input' ? data.featureNames[id] ?? `x${id + 1}` : kind === 'bias' ? 'bias' : kind === 'output' ? classLabel(id - g.inputs - 1) : '';
    return { id, kind, label, activation, depth: depth[id]! };
  });
  const connections = g.connections.map(([a, b]): [number, number] => [a, b]);
  return {
    type: 'wann-champion', generation, nodes, connections, weights: [...weights], accuracies: [...c.accuracies],
    genome: { inputs: g.inputs, outputs: g.outputs, activations: [...g.activations], connections: connections.map(([a, b]): [number, number] => [a, b]) },
  };
}

/** The sweep event of a network's results. */
export function sweepEvent(r: WannResults): WannSweepEvent {
  return { type: 'wann-sweep', weights: [...r.sweep.weights], accuracies: [...r.sweep.accuracies] };
}

/** The final table event. */
export function tableEvent(r: WannResults, search: WannSearchResult, status: 'finished' | 'stopped', elapsedSeconds: number): WannTableEvent {
  return {
    type: 'wann-table', status,
    rows: wannTable(r).map((row) => ({ label: row.label, accuracy: row.accuracy, ...(row.sd !== undefined ? { sd: row.sd } : {}) })),
    weights: [...r.weights], accuracies: [...r.accuracies], bestWeight: r.bestWeight.weight,
    trainedLoss: {
      initial: r.trained.initialLoss, final: r.trained.finalLoss, steps: r.trained.steps, keptStep: r.trained.keptStep,
      startTuningAccuracy: r.trained.startTuningAccuracy, tuningAccuracy: r.trained.tuningAccuracy,
    },
    generations: search.generations, evaluations: search.evaluations, elapsedSeconds,
  };
}
