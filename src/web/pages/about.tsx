import { DOMAINS, SCOPES, STATUSES, STRUCTURAL_TYPES } from '../../domain/codes.ts';
import { renderPage } from '../layout.tsx';

/** What each code means, in the atlas's words. */
const DEFINITIONS: Record<string, string> = {
  research_innovation:
    'Research projects, infrastructures and programmes that produce the knowledge and tools personalised medicine needs.',
  patient_perspective:
    'Initiatives led by or built around patients: their involvement, information, consent and experience.',
  policy_regulation:
    'Strategies, laws, regulators and policy processes that set the rules for personalised medicine.',
  ecosystem:
    'Networks, hubs and institutions that connect the actors and help innovations reach care.',
  ongoing_project: 'Time-bound work with its own funding and end date.',
  permanent_institution:
    'A lasting structure: a centre, agency, network or association with no planned end.',
  partnership: 'A collaboration or alliance of several organisations that coordinates their work.',
  study_publication: 'A report, roadmap, strategy, publication or journal.',
  local: 'One city, hospital or institution.',
  regional: 'A region within a country.',
  national: 'One whole country.',
  european: 'Several European countries or the EU as a whole.',
  international: 'Countries beyond the EU as well.',
  planned: 'Announced or prepared but not yet running (“to be launched” in the survey).',
  ongoing: 'Running at the date of the survey.',
  closed: 'Finished before the date of the survey.',
  permanent: 'Running with no planned end.',
};

function Definitions({
  title,
  list,
}: {
  title: string;
  list: readonly { code: string; label: string }[];
}) {
  return (
    <>
      <h3>{title}</h3>
      <dl class="definitions">
        {list.map((e) => (
          <>
            <dt>{e.label}</dt>
            <dd>{DEFINITIONS[e.code] ?? ''}</dd>
          </>
        ))}
      </dl>
    </>
  );
}

/** About and methods: definitions, sources, citation, licence and accessibility. */
export function aboutPage(
  sources: readonly { title: string; publisher: string; year: number; url: string | null }[],
) {
  const year = new Date().getUTCFullYear();
  return renderPage(
    {
      title: 'About and methods',
      path: '/about',
      description:
        'How PerMed Atlas classifies initiatives, where its data comes from, how to cite it, its licence and accessibility.',
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'AboutPage',
        name: 'About PerMed Atlas',
        url: '/about',
      },
    },
    <>
      <h1>About and methods</h1>
      <p class="lead">
        PerMed Atlas turns the mapping reports of European personalised-medicine projects into
        records that can be searched, compared and counted. Every figure on the site is computed
        from those records, and every record says which document, section and table row it comes
        from.
      </p>
      <h2>Definitions</h2>
      <p>Initiatives are classified along the lines of PRECISEU's mapping (deliverable D3.1).</p>
      <Definitions title="Domains" list={DOMAINS} />
      <Definitions title="Structural types" list={STRUCTURAL_TYPES} />
      <Definitions title="Geographical scopes" list={SCOPES} />
      <Definitions title="Statuses" list={STATUSES} />
      <p>
        An initiative's <em>reporting region</em> is the partner region whose survey answer named
        it; its
        <em> home country</em> is where it is based. Barriers follow the 17 barriers in 6 categories
        of PRECISEU's cross-regional report (D6.1); see <a href="/barriers">Barriers</a>.
      </p>
      <h2>Where the data comes from</h2>
      <ul>
        {sources.map((s) => (
          <li>
            {s.url ? <a href={s.url}>{s.title}</a> : s.title}, {s.publisher}, {s.year}.
          </li>
        ))}
      </ul>
      <p>
        Summaries and statements are written for the atlas; names, links, counts and categories are
        taken from the sources. Where a source contradicts itself the atlas keeps what it says and
        lists the conflict on the <a href="/data-quality">data quality</a> page.
      </p>
      <h2>How to cite</h2>
      <p>
        PerMed Atlas ({year}).{' '}
        <cite>
          PerMed Atlas: personalised-medicine initiatives, barriers and good practices in European
          regions
        </cite>
        . Cite a record by its page address and the version shown at its foot.
      </p>
      <h2>Licence</h2>
      <p>
        The atlas's own texts and the curated data are offered under the Creative Commons
        Attribution 4.0 licence (CC BY 4.0); the source documents keep their own licences. The
        choice is the project's proposal and is open for confirmation by its partners.
      </p>
      <h2 id="accessibility">Accessibility</h2>
      <p>
        The atlas aims to meet WCAG 2.1 at level AA. Every page works with a keyboard and without
        JavaScript, has a skip link and visible focus, and every table of figures is a real table
        with headers. Automated checks with axe-core run on every page type in the test suite. Not
        yet done: maps and charts (coming with their text alternatives) and translations of the
        interface. If something does not work for you, please tell the project team.
      </p>
    </>,
  );
}
