/** Levenshtein distance (insertions, deletions, substitutions all cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] as number) + 1, (cur[j - 1] as number) + 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Up to `max` candidates close to `name`: within an edit distance of a third of the longer name
 * (at least 2), or sharing a prefix/substring, nearest first.
 */
export function suggestNames(name: string, candidates: string[], max = 3): string[] {
  const q = name.toLowerCase().replace(/[-\s]/g, '_');
  const scored = candidates.map((c) => {
    const lc = c.toLowerCase();
    let d = editDistance(q, lc);
    if (lc.includes(q) || q.includes(lc)) d = Math.min(d, 1);
    return { c, d, limit: Math.max(2, Math.floor(Math.max(q.length, lc.length) / 3)) };
  });
  return scored
    .filter((s) => s.d <= s.limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((s) => s.c);
}
