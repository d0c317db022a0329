/**
 * At most `maxPoints` of `points` (sorted by step), chosen evenly on a log-step axis — the axis
 * the curves are drawn on — so a 100,000-step run keeps its early evaluations and its transition
 * while its long linear tail is thinned. The first and last points are always kept.
 */
export function downsampleLogSpaced<T extends { step: number }>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints || maxPoints < 2) return [...points];
  const position = (step: number) => Math.log1p(Math.max(step, 0));
  const first = position(points[0].step);
  const span = position(points[points.length - 1].step) - first;
  const kept = new Set<number>([0, points.length - 1]);
  let i = 0;
  for (let k = 1; k < maxPoints - 1; k += 1) {
    const target = first + (span * k) / (maxPoints - 1);
    while (i + 1 < points.length && position(points[i + 1].step) <= target) i += 1;
    // points[i] is the last at or before the target; take it or the next, whichever is nearer.
    const next = Math.min(i + 1, points.length - 1);
    kept.add(target - position(points[i].step) <= position(points[next].step) - target ? i : next);
  }
  return [...kept].sort((a, b) => a - b).map((index) => points[index]);
}
