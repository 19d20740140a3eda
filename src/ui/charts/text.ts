/** Rough text width for layout (margins for labels) without a DOM: ~0.6 em per character. */
export function estimateTextWidth(text: string, fontSize = 11): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
