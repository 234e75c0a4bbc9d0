import assert from 'node:assert/strict';
import { DataDecisions } from '../../engine/data/decisions';

/** No row leaves without a counted reason: rowsUsed + Σ rowsDropped.count = rowsInFile, every count positive. */
export function checkInvariant(d: DataDecisions, what: string): void {
  const dropped = d.rowsDropped.reduce((n, r) => n + r.count, 0);
  assert.equal(d.rowsUsed + dropped, d.rowsInFile, `${what}: ${d.rowsUsed} used + ${dropped} dropped ≠ ${d.rowsInFile} in the file`);
  for (const r of d.rowsDropped) assert.ok(r.count > 0 && r.reason.length > 0, `${what}: ${JSON.stringify(r)}`);
  assert.ok(d.rowsUsed > 0, what);
}
