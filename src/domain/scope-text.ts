import { SCOPES, type ScopeCode } from './codes.ts';

/** The scopes read from a free-text scope cell, and what was wrong with the text. */
export interface ParsedScopes {
  readonly scopes: ScopeCode[];
  readonly problems: string[];
}

const WORDS: Readonly<Record<string, ScopeCode>> = {
  local: 'local',
  regional: 'regional',
  national: 'national',
  european: 'european',
  international: 'international',
  'international (wider than eu)': 'international',
};

/**
 * Reads a scope cell such as "Local; Regional; National" or "International (wider than EU)".
 * Parts are separated by ";" or ","; each must be one of the five scopes, spelled out. Anything
 * else (a truncated word, a trailing separator, a country in brackets, a slash) is reported as a
 * problem, with the best guess where one is plain.
 */
export function parseScopeText(text: string): ParsedScopes {
  const scopes = new Set<ScopeCode>();
  const problems: string[] = [];
  if (text.trim() === '' || text.trim() === '(empty)')
    return { scopes: [], problems: ['is empty'] };
  const parts = text.split(/[;,]/);
  parts.forEach((raw, i) => {
    const part = raw.trim().toLowerCase();
    if (part === '') {
      problems.push(i === parts.length - 1 ? 'ends with a separator' : 'has an empty part');
      return;
    }
    const exact = WORDS[part];
    if (exact) {
      scopes.add(exact);
      return;
    }
    const guesses = SCOPES.filter((s) => part.includes(s.code) || s.code.startsWith(part));
    const what = parts.length === 1 ? 'is' : `has “${raw.trim()}”, which is`;
    const reading =
      guesses.length > 0 ? ` (read as ${guesses.map((g) => g.code).join(' and ')})` : '';
    problems.push(`${what} not a scope name${reading}`);
    for (const g of guesses) scopes.add(g.code);
  });
  return { scopes: SCOPES.map((s) => s.code).filter((c) => scopes.has(c)), problems };
}
