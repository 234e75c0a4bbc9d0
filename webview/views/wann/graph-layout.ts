/**
 * Where each node of a champion goes: columns by depth (inputs and bias first, outputs last,
 * as the events' `depth` says), nodes of a column spread evenly in id order. Coordinates are
 * shares of the drawing area (0…1), so the canvas can be any size. No DOM: tested on its own.
 */
import type { WannNodeView } from '../../../engine/protocol/wann';

export interface PlacedNode {
  readonly node: WannNodeView;
  /** 0 (first column) … 1 (last column). */
  readonly x: number;
  /** 0 (top) … 1 (bottom), never on the edge. */
  readonly y: number;
}

export function layoutGraph(nodes: readonly WannNodeView[]): PlacedNode[] {
  const deepest = Math.max(1, ...nodes.map((n) => n.depth));
  const columns = new Map<number, WannNodeView[]>();
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    const col = columns.get(n.depth) ?? [];
    col.push(n);
    columns.set(n.depth, col);
  }
  const placed: PlacedNode[] = [];
  for (const [depth, col] of columns) {
    col.forEach((node, i) => placed.push({ node, x: depth / deepest, y: (i + 1) / (col.length + 1) }));
  }
  return placed.sort((a, b) => a.node.id - b.node.id);
}
