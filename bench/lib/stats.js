// Order statistics over a handful of samples.

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function min(values) {
  return values.length ? Math.min(...values) : NaN;
}

export function max(values) {
  return values.length ? Math.max(...values) : NaN;
}
