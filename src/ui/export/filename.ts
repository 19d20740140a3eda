/** A download name from a chart title: lower-case, dashes, no path characters, bounded length. */
export function exportFileName(title: string, ext: 'svg' | 'png' | 'html'): string {
  const base = title.normalize('NFKD').replace(/[^\w\s.-]/g, ' ').trim().replace(/[\s._]+/g, '-').replace(/-+/g, '-').toLowerCase().slice(0, 80).replace(/^-|-$/g, '');
  return `perfcast-${base || 'chart'}.${ext}`;
}
