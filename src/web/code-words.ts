import { type CodeListName, codeLabel, withLocale } from './i18n.ts';

/** The code lists whose codes are words joined by underscores, as curators write them in notes. */
const WORD_CODE_LISTS: readonly CodeListName[] = [
  'domain',
  'type',
  'scope',
  'status',
  'theme',
  'funding',
  'barrierCategory',
  'stakeholderGroup',
  'relation',
];

/**
 * A code joined by underscores (policy_regulation, part_of) standing as a word of a sentence:
 * not part of a link, a path or a parameter (…?page_id=3, /health_data/), where it is no code.
 */
const CODE_WORD = /(?<![\w/=.?&#@-])[a-z]+(?:_[a-z]+)+(?![\w/=@-]|\.\w)/g;

/**
 * A note written by curators (in English) with the codes it names as their labels, quoted:
 * "hence patient_perspective" reads "hence “Patient perspective”". The labels are English, the
 * note's language, whatever the page's; a word that is no code is left as it is.
 */
export function withCodeLabels(note: string): string {
  return note.replace(CODE_WORD, (word) => {
    for (const list of WORD_CODE_LISTS) {
      const label = withLocale('en', () => codeLabel(list, word));
      if (label !== word) return `“${label}”`;
    }
    return word;
  });
}
