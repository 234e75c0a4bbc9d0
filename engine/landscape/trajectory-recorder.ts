import { Sequential } from '../nn/model';
import { flattenSnapshot } from './flat-params';

/**
 * The weights of a run at its start and at each epoch's end: what a slice projects as the
 * training path, and what PCA directions are computed from. Bounded in memory: past `maxBytes`
 * (as doubles) every other snapshot is dropped, keeping the first and the most recent, so a long
 * run keeps an evenly thinned path rather than only its tail.
 */
export class TrajectoryRecorder {
  private points: Float64Array[] = [];
  private stepsAt: number[] = [];

  /** 32 MB of doubles by default: 40 snapshots of a 100 000-parameter model, hundreds of a small one. */
  constructor(private readonly maxBytes = 32 * 1024 * 1024, private readonly maxPoints = 400) {}

  /** Forgets the path (a new run, or new initial weights). */
  clear(): void {
    this.points = [];
    this.stepsAt = [];
  }

  /** Records the model's weights now, at training step `step`. */
  record(model: Sequential, step: number): void {
    if (this.stepsAt.at(-1) === step) return;
    this.points.push(flattenSnapshot(model.snapshot()));
    this.stepsAt.push(step);
    const size = this.points[0]!.length * 8;
    const limit = Math.max(3, Math.min(this.maxPoints, Math.floor(this.maxBytes / Math.max(1, size))));
    if (this.points.length > limit) {
      // Keep even indices and the newest point: halves the path, spacing stays even.
      const keep = (_: unknown, i: number, all: unknown[]) => i % 2 === 0 || i === all.length - 1;
      this.points = this.points.filter(keep);
      this.stepsAt = this.stepsAt.filter(keep);
    }
  }

  /** The recorded path, oldest first, with the step of each point. */
  get path(): { points: readonly Float64Array[]; steps: readonly number[] } {
    return { points: this.points, steps: this.stepsAt };
  }
}
