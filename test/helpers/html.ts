import { parse } from 'node-html-parser';

/** The text of every cell of each table body in an import plan page's normalisation report. */
export function normalisationTables(html: string): string[][][] {
  const section = parse(html).querySelector('#normalisation-title')?.closest('section');
  return (section?.querySelectorAll('tbody') ?? []).map((body) =>
    body.querySelectorAll('tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text)),
  );
}
