/** Rough text width for layout (margins for labels) without a DOM: ~0.6 em per character. */
export function estimateTextWidth(text: string, fontSize = 11): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** "CUDAExecutionProvider" -> "CUDA EP": execution provider names are long and share a suffix. */
export function shortProvider(ep: string): string {
  return ep.replace(/ExecutionProvider$/, ' EP');
}

/**
 * Bar labels: the glyph already shows the source, so it is written out only where two marks
 * would otherwise share a label.
 */
export function disambiguatedLabels<T extends { source: string }>(items: readonly T[], base: (item: T) => string): string[] {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(base(it), (counts.get(base(it)) ?? 0) + 1);
  return items.map((it) => (counts.get(base(it))! > 1 ? `${base(it)} · ${it.source}` : base(it)));
}
