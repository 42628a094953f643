/** A complete new initiative of Catalonia (ES51), as a coordinator would enter it. */
export function catalanInitiative(slug: string, extra: Record<string, unknown> = {}) {
  return {
    slug,
    name: `Catalan registry ${slug}`,
    homeCountry: 'ES',
    submittingRegion: 'ES51',
    scopes: ['regional'],
    status: 'ongoing',
    domain: 'research_innovation',
    type: 'ongoing_project',
    sources: [{ source: 'preciseu-d3-1', section: 'web form' }],
    ...extra,
  };
}
