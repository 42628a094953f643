/**
 * Reading a strategy (issue 17): splitting into passages with their pages, the multilingual term
 * list, BM25 ranking and the proposal, on texts written for these tests (test/fixtures/strategies)
 * in English, Spanish, German and Catalan; and the text extraction from PDF, DOCX, HTML and text,
 * including a scanned PDF without a text layer.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  compileTerms,
  countMatches,
  guessLanguage,
  normalise,
  type PageText,
  proposeFromPages,
  rankPassages,
  splitPassages,
  type TermList,
  tokens,
} from '../../src/analysis/strategy-passages.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { STRATEGY_LANGUAGES } from '../../src/domain/strategies.ts';
import {
  DOCUMENT_MAX_BYTES,
  documentText,
  SCANNED_PDF_MESSAGE,
} from '../../src/io/document-text.ts';
import { readTermList } from '../../src/io/strategy-files.ts';
import { readStrategyPages } from '../../src/services/strategies.ts';
import {
  CATALAN_PARAGRAPHS,
  ENGLISH_PAGES,
  GERMAN_PARAGRAPHS,
  SPANISH_PAGES,
  TOURISM_ONLY,
} from '../fixtures/strategies/texts.ts';

const LIST: TermList = readTermList();
const TERMS = compileTerms(LIST);
const FIXTURES = new URL('../fixtures/strategies/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const pagesOf = (pages: readonly (readonly string[])[]): PageText[] =>
  pages.map((ps, i) => ({ page: i + 1, text: ps.join('\n\n') }));
const onePage = (ps: readonly string[]): PageText[] => [{ page: null, text: ps.join('\n\n') }];
const term = (written: string) => {
  const found = TERMS.find((t) => t.term === written);
  assert.ok(found, `the term list has "${written}"`);
  return found;
};

describe('the term list', () => {
  test('covers every partner language, each with terms for personalised medicine itself', () => {
    assert.deepEqual(Object.keys(LIST.terms).sort(), [...STRATEGY_LANGUAGES].sort());
    for (const lang of STRATEGY_LANGUAGES) {
      const core = TERMS.filter((t) => t.lang === lang && t.core);
      assert.ok(core.length >= 3, `${lang}: ${core.length} core terms`);
      assert.ok(LIST.functionWords?.[lang]?.length, `${lang} has function words`);
    }
    assert.equal(LIST.concepts.personalised_medicine?.core, true);
    assert.ok(
      Object.entries(LIST.concepts).every(([c, w]) => c === 'personalised_medicine' || !w.core),
      'only personalised medicine itself is a core concept',
    );
  });

  test('everyday words that share letters with a term are not terms', () => {
    // Swedish "genom" (through) and German "genommen" (taken) are not genomics.
    const words = tokens('Genom samarbete har vi genommen aufgenommen');
    const genomics = TERMS.filter((t) => t.concept === 'genomics');
    // Lithuanian, Romanian, Bulgarian and Ukrainian write the genome "genom-"; no other language
    // may take these words for genomics.
    const others = genomics.filter((t) => !['lt', 'ro', 'bg', 'uk'].includes(t.lang));
    assert.deepEqual(
      others.filter((t) => countMatches(words, t) > 0).map((t) => `${t.lang}:${t.term}`),
      [],
    );
    assert.ok(countMatches(tokens('Genomsequenzierung und Genomik'), term('genomsequenz*')) === 1);
  });
});

describe('normalising and matching', () => {
  test('case and accents do not matter; Catalan middle dots join; Greek final sigma is sigma', () => {
    assert.equal(normalise('Medicina de PRECISIÓN'), 'medicina de precision');
    assert.equal(normalise('Präzisionsmedizin'), 'prazisionsmedizin');
    assert.equal(normalise('teràpies cel·lulars'), 'terapies cellulars');
    assert.equal(normalise('ΙΑΤΡΙΚΗΣ'), 'ιατρικησ');
    assert.equal(normalise('ιατρικής'), 'ιατρικησ');
    assert.deepEqual(tokens('Médecine personnalisée, 2021–2027!'), [
      'medecine',
      'personnalisee',
      '2021',
      '2027',
    ]);
  });

  test('a term matches with or without accents, in any case', () => {
    const t = term('medicina de precisión');
    assert.equal(countMatches(tokens('la MEDICINA DE PRECISION y la medicina de precisión'), t), 2);
    assert.equal(
      countMatches(tokens('Präzisionsmedizinische Forschung'), term('präzisionsmedizin*')),
      1,
    );
    assert.equal(
      countMatches(tokens('Εξατομικευμένης Ιατρικής'), term('εξατομικευμέν* ιατρικ*')),
      1,
    );
  });

  test('a multi-word term matches only its words in a row, across a line break', () => {
    const t = term('personalised medicine');
    assert.equal(countMatches(tokens('personalised\nmedicine'), t), 1);
    assert.equal(countMatches(tokens('medicine personalised'), t), 0);
    assert.equal(countMatches(tokens('personalised care and medicine'), t), 0);
    assert.equal(countMatches(tokens('personalised'), t), 0);
    const prefixed = term('personalisiert* medizin');
    assert.equal(countMatches(tokens('die personalisierte Medizin'), prefixed), 1);
    assert.equal(countMatches(tokens('personalisierten Medizinprodukt'), prefixed), 0);
  });
});

describe('passages', () => {
  test('paragraphs keep their pages; a heading joins the paragraph after it; a long one is cut', () => {
    const passages = splitPassages(pagesOf(SPANISH_PAGES));
    assert.deepEqual(
      passages.map((p) => p.page),
      [1, 1, 2, 2, 3],
    );
    assert.match(passages[2]?.text ?? '', /^Prioridad 2\. Salud y ciencias de la vida La región/);
    const long = Array.from({ length: 60 }, (_, i) => `Sentence ${i} has six words here.`).join(
      ' ',
    );
    const cut = splitPassages([{ page: 4, text: long }], { maxWords: 100 });
    assert.ok(cut.length >= 3, `${cut.length} windows`);
    assert.ok(cut.every((p) => p.page === 4 && p.text.split(' ').length <= 150));
    assert.equal(cut.map((p) => p.text).join(' '), long);
  });

  test('BM25: the passage on personalised medicine ranks above the one on tourism', () => {
    const pages = onePage([
      'Tourism: wine routes show the genetic heritage of old vines to visitors, and hotels keep health data of guests safe.',
      'Health: personalised medicine and precision oncology, with genomic testing and biomarkers in hospitals.',
    ]);
    const ranked = rankPassages(splitPassages(pages, { minWords: 1 }), TERMS);
    assert.deepEqual(
      ranked.map((p) => p.text.split(':')[0]),
      ['Health', 'Tourism'],
    );
    assert.ok((ranked[0]?.score ?? 0) > 2 * (ranked[1]?.score ?? 0));
    assert.equal(ranked[0]?.core, true);
    assert.equal(ranked[1]?.core, false);
  });

  test('BM25: a rarer term weighs more, and the same matches weigh more in a shorter passage', () => {
    const t = [term('biobank*')];
    const common = splitPassages(
      onePage(['a biobank here', 'a biobank there', 'a biobank everywhere', 'nothing']),
      { minWords: 1 },
    );
    const rare = splitPassages(onePage(['a biobank here', 'no', 'nothing', 'none']), {
      minWords: 1,
    });
    const score = (ps: typeof common) => rankPassages(ps, t)[0]?.score ?? 0;
    assert.ok(score(rare) > score(common), `${score(rare)} > ${score(common)}`);
    const lengths = splitPassages(
      onePage([
        'biobank samples',
        'biobank samples with many more words that say little about anything at all today',
      ]),
      { minWords: 1 },
    );
    const ranked = rankPassages(lengths, t);
    assert.equal(ranked[0]?.index, 0);
    assert.ok((ranked[0]?.score ?? 0) > (ranked[1]?.score ?? 0));
  });

  test('in each language the passage on personalised medicine comes first and the flag is proposed', () => {
    const cases = [
      { lang: 'en', pages: pagesOf(ENGLISH_PAGES), first: /^Priority B: Health/, page: 2 },
      { lang: 'es', pages: pagesOf(SPANISH_PAGES), first: /^Prioridad 2\. Salud/, page: 2 },
      {
        lang: 'de',
        pages: onePage(GERMAN_PARAGRAPHS),
        first: /^Handlungsfeld Gesundheit/,
        page: null,
      },
      { lang: 'ca', pages: onePage(CATALAN_PARAGRAPHS), first: /^Àmbit 2\. Salut/, page: null },
    ];
    for (const c of cases) {
      const proposal = proposeFromPages(c.pages, LIST);
      assert.equal(proposal.language, c.lang, `${c.lang} recognised`);
      assert.equal(proposal.proposal, 'prioritises', c.lang);
      assert.match(proposal.passages[0]?.text ?? '', c.first, c.lang);
      assert.equal(proposal.passages[0]?.page, c.page, c.lang);
      assert.ok(
        proposal.passages.every((p) => !/touris|turism|Tourismus/i.test(p.text)),
        `${c.lang}: no tourism passage is proposed`,
      );
      // Restricted to the document's language and English, the same passage comes first.
      const own = readStrategyPages(c.pages, undefined, LIST);
      assert.equal(own.passages[0]?.index, proposal.passages[0]?.index, c.lang);
    }
  });

  test('a strategy without health: no passage names personalised medicine, so no flag is proposed', () => {
    const proposal = proposeFromPages(onePage(TOURISM_ONLY), LIST);
    assert.equal(proposal.proposal, 'no_evidence');
    assert.deepEqual(proposal.passages, []);
    assert.equal(guessLanguage(TOURISM_ONLY.join(' '), LIST), 'en');
  });
});

describe('text extraction', () => {
  test('a PDF gives its text page by page, so a passage knows its page', async () => {
    const doc = await documentText('es-estrategia.pdf', fixture('es-estrategia.pdf'));
    assert.equal(doc.format, 'pdf');
    assert.equal(doc.pageCount, 3);
    assert.match(doc.pages[1]?.text ?? '', /medicina personalizada/);
    assert.doesNotMatch(doc.pages[0]?.text ?? '', /medicina personalizada/);
    const proposal = readStrategyPages(doc.pages, undefined, LIST);
    assert.equal(proposal.passages[0]?.page, 2);
  });

  test('DOCX, HTML and text give their paragraphs; a text file marks pages with form feeds', async () => {
    const docx = await documentText('de-strategie.docx', fixture('de-strategie.docx'));
    assert.equal(docx.format, 'docx');
    assert.match(docx.pages[0]?.text ?? '', /Präzisionsmedizin ist ein Schwerpunkt/);
    const html = await documentText('ca-estrategia.html', fixture('ca-estrategia.html'));
    assert.equal(html.format, 'html');
    assert.match(html.pages[0]?.text ?? '', /medicina personalitzada/);
    assert.doesNotMatch(html.pages[0]?.text ?? '', /Inici/, 'navigation is left out');
    assert.equal(splitPassages(html.pages).length, 3);
    const text = await documentText('en-strategy.txt', fixture('en-strategy.txt'));
    assert.deepEqual(
      text.pages.map((p) => p.page),
      [1, 2],
    );
  });

  test('a scanned PDF (a picture of text, no text layer) is refused with a clear message', async () => {
    await assert.rejects(documentText('scanned.pdf', fixture('scanned.pdf')), (e) => {
      assert.ok(isAppError(e, 'invalid_file'));
      assert.equal(e.message, SCANNED_PDF_MESSAGE);
      return true;
    });
  });

  test('damaged, mislabelled, empty, too large and unknown files get clear errors', async () => {
    const reject = (name: string, bytes: Uint8Array, code: string, message: RegExp) =>
      assert.rejects(documentText(name, bytes), (e) => {
        assert.ok(isAppError(e), String(e));
        assert.equal(e.code, code, e.message);
        assert.match(e.message, message);
        return true;
      });
    const pdf = fixture('en-strategy.pdf');
    await reject('cut.pdf', pdf.slice(0, 400), 'invalid_file', /cannot be read as a PDF/);
    await reject('fake.pdf', fixture('en-strategy.txt'), 'invalid_file', /is not a PDF/);
    await reject('old.docx', fixture('en-strategy.txt'), 'invalid_file', /not a DOCX/);
    await reject(
      'broken.docx',
      new TextEncoder().encode('PK nothing else'),
      'invalid_file',
      /DOCX/,
    );
    await reject('empty.txt', new Uint8Array(0), 'invalid_parameter', /is empty/);
    await reject('scan.tiff', pdf, 'invalid_parameter', /upload a PDF, DOCX, HTML or text/);
    await reject('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'invalid_file', /UTF-8/);
    await reject(
      'huge.txt',
      new Uint8Array(DOCUMENT_MAX_BYTES + 1),
      'too_large',
      /larger than 20 MB/,
    );
  });
});
