/** Types of the one part of @nlpjs/lang-uk the atlas uses (the package ships none). */
declare module '@nlpjs/lang-uk/src/stemmer-uk.js' {
  export default class StemmerUk {
    /** The stem of one lower-case word. */
    stemWord(word: string): string;
  }
}
