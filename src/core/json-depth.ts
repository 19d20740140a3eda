/**
 * Nesting depth of JSON text, found by scanning before JSON.parse: V8 parses 200k nested levels
 * but every recursive step after it (JSON.stringify, structured clone, rendering) overflows the
 * stack. A table row needs two levels; values nested deeper than the limit are refused with
 * the line and column where the limit was passed.
 */
export const MAX_JSON_DEPTH = 64;

export interface DepthExcess {
  readonly line: number;
  readonly column: number;
  readonly limit: number;
}

/** Where `text` first nests deeper than `limit` arrays/objects, or null if it never does. */
export function findJsonDepthExcess(text: string, limit = MAX_JSON_DEPTH): DepthExcess | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) {
        let line = 1;
        let lineStart = 0;
        for (let j = text.indexOf('\n'); j >= 0 && j < i; j = text.indexOf('\n', j + 1)) {
          line++;
          lineStart = j + 1;
        }
        return { line, column: i - lineStart + 1, limit };
      }
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}

export function depthMessage(excess: DepthExcess): string {
  return `is nested more than ${excess.limit} levels deep (at column ${excess.column}); Perfcast reads records whose values nest at most ${excess.limit} levels`;
}
