import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binomial, expandPolynomial, polynomialTermCount, polynomialTerms, quadraticTermCount, termName } from '../../../engine/inputs/polynomial';
import { fitFeatures } from '../../../engine/inputs/pipeline';
import { syntheticDataset } from '../../../engine/data/synthetic';
import { UserError } from '../../../engine/errors';

test('quadratic term counts n(n+1)/2: 100 → 5,050; 2,500 → 3,126,250; 10,000 (a 100×100 image) → 50,005,000', () => {
  assert.equal(quadraticTermCount(100), 5050);
  assert.equal(quadraticTermCount(2500), 3_126_250);
  assert.equal(quadraticTermCount(10_000), 50_005_000);
});

test('full expansions have C(n+d, d) − 1 terms, and the generator makes exactly that many distinct ones', () => {
  assert.equal(binomial(10, 3), 120);
  for (const [n, d] of [[1, 1], [2, 2], [2, 3], [3, 2], [4, 4], [5, 6]] as const) {
    const terms = polynomialTerms(n, d);
    assert.equal(terms.length, binomial(n + d, d) - 1);
    assert.equal(polynomialTermCount(n, d), terms.length);
    assert.equal(new Set(terms.map((t) => t.join(','))).size, terms.length);
    for (const t of terms) assert.ok(t.reduce((a, b) => a + b) <= d);
  }
  assert.equal(polynomialTermCount(100, 2), 5150); // 100 linear + 5,050 quadratic
  assert.equal(polynomialTermCount(3, 4, false), 12);
});

test('expansion values and names for two features, degree 2: x1, x2, x1², x1·x2, x2²', () => {
  const terms = polynomialTerms(2, 2);
  assert.deepEqual(terms.map((t) => termName(t, ['x1', 'x2'])), ['x1', 'x2', 'x1²', 'x1·x2', 'x2²']);
  assert.deepEqual(Array.from(expandPolynomial(Float32Array.of(2, 3), 1, 2, terms)), [2, 3, 4, 6, 9]);
});

test('an expansion too large for the size limit is refused with its term count before anything is expanded', () => {
  const ds = { ...syntheticDataset('xor', { samples: 10 }), features: 3000, x: new Float32Array(30000), featureNames: Array.from({ length: 3000 }, (_, i) => `p${i}`) };
  assert.throws(() => fitFeatures({ standardize: false, polynomial: { degree: 2, interactions: true } }, ds, 1, 64 * 2 ** 20), (e: Error) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /degree 2 of 3,000 features makes 4,504,500 terms \(3,000 features give 4,501,500 quadratic terms alone\), 172 MB for 10 rows, over the 64 MB limit/);
    return true;
  });
});
