import type { BarrierView } from '../services/barriers.ts';
import { barrierLabel, MessageWith } from './components.tsx';
import { langIfOther, printedPlaceName, t } from './i18n.ts';
import { textLang } from './record-language.tsx';
import {
  OtherLanguages,
  ProposeTranslation,
  shown,
  shownLang,
  TranslationNote,
} from './translated.tsx';

/** An evidence statement as the barrier and region pages receive it. */
export type Statement = BarrierView['evidence'][number];
type Quote = NonNullable<Statement['quote']>;

/** A barrier code as its page's title reads: "11. Patient awareness". */
const barrierTitle = (code: string) => `${Number(code.slice(1))}. ${barrierLabel(code)}`;

/** Where the source prints a quotation: each document once, then its sections or pages. */
function QuoteSource({ quote, titles }: { quote: Quote; titles: ReadonlyMap<string, string> }) {
  const documents = [...new Set(quote.printedIn.map((p) => p.source))];
  return (
    <>
      {documents.map((source, i) => (
        <>
          {i > 0 ? '; ' : ''}
          <cite lang={langIfOther('en')}>{titles.get(source) ?? source}</cite>
          {quote.printedIn
            .filter((p) => p.source === source)
            .map((p) => (
              <>
                {p.section ? (
                  <>
                    ,{' '}
                    <MessageWith message="barriers.quoteSection" name="section" value={p.section} />
                  </>
                ) : null}
                {p.page ? <>, {t('barriers.quotePage', { page: p.page })}</> : null}
                {p.note ? (
                  <>
                    {' '}
                    (<span lang="en">{p.note}</span>)
                  </>
                ) : null}
              </>
            ))}
        </>
      ))}
    </>
  );
}

/**
 * "Verbatim quote, attributed to …, from": a country in the reader's language, any other name as
 * printed (in English) and marked so.
 */
function Attributed({ who, region }: { who: string; region: string | null }) {
  const [before = '', after = ''] = t('barriers.quoteCaption', { who: '\u0000' }).split('\u0000');
  const name = printedPlaceName(who, region);
  return (
    <>
      {before}
      <span lang={langIfOther(name.lang)}>{name.text}</span>
      {after}
    </>
  );
}

/**
 * One statement: the stakeholder's words verbatim with their source where the source quotes them,
 * the paraphrase marked as the atlas's words, and the other barriers it is coded to (linked), so
 * that a statement listed under two barriers says why. The paraphrase is in the page's language
 * where a curator approved a translation (issue 18), with who translated it, links to the page in
 * its other languages and a notice when its original changed since; else the original, with a
 * link to propose a translation. The quotation is the source's own words: never translated, it is
 * marked with the statement's original language where that is not the page's.
 */
export function EvidenceStatement({
  e,
  barrier,
  titles,
  id,
  path,
}: {
  e: Statement;
  /** The barrier the list is under; the statement's other barriers are named. */
  barrier: string;
  titles: ReadonlyMap<string, string>;
  id?: string;
  /** The page the statement is listed on, for the links to its other languages. */
  path: string;
}) {
  const others = e.barriers.filter((b) => b !== barrier);
  const lang = textLang(e.language);
  const statement = shown(e.translations, 'statement', e.statement, e.language);
  return (
    <li id={id} class="evidence" data-key={e.key}>
      {e.quote ? (
        <figure class="evidence-quote">
          <blockquote lang={lang}>{e.quote.text}</blockquote>{' '}
          <figcaption>
            <span class="evidence-kind">
              <Attributed who={e.quote.attribution} region={e.region} />
            </span>{' '}
            <QuoteSource quote={e.quote} titles={titles} />
          </figcaption>
        </figure>
      ) : null}{' '}
      <p class="paraphrase">
        <span class="evidence-kind">
          {t(e.quote ? 'barriers.paraphraseOfQuote' : 'barriers.paraphraseOnly')}
        </span>{' '}
        <span lang={shownLang(statement, textLang)}>{statement.text}</span>
      </p>{' '}
      <TranslationNote text={statement} from={e.language} />
      <OtherLanguages
        translations={e.translations}
        path={path}
        fragment={id ? `#${id}` : undefined}
      />
      <ProposeTranslation translations={e.translations} message="translations.proposeStatement" />
      {others.length > 0 ? (
        <p class="also-coded">
          {t('barriers.alsoCodedTo')}{' '}
          {others.map((b, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`/barriers/${b}`}>{barrierTitle(b)}</a>
            </>
          ))}
        </p>
      ) : null}
    </li>
  );
}
