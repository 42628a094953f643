import type { BarrierView } from '../services/barriers.ts';
import { barrierLabel, MessageWith } from './components.tsx';
import { langIfOther, printedPlaceName, t } from './i18n.ts';
import { textLang } from './record-language.tsx';

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
 * that a statement listed under two barriers says why. The statement and the quotation are marked
 * with the statement's language where it is not the page's.
 */
export function EvidenceStatement({
  e,
  barrier,
  titles,
  id,
}: {
  e: Statement;
  /** The barrier the list is under; the statement's other barriers are named. */
  barrier: string;
  titles: ReadonlyMap<string, string>;
  id?: string;
}) {
  const others = e.barriers.filter((b) => b !== barrier);
  const lang = textLang(e.language);
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
        <span lang={lang}>{e.statement}</span>
      </p>{' '}
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
