/**
 * Writes the messy import fixtures under test/fixtures/import: files shaped like the ones
 * consortia send (a table pasted out of a PDF report, a survey-tool XLSX export, a semicolon CSV
 * saved by Excel on Windows, a UTF-16 "Unicode text" export, a file numbering two rows alike).
 * Names and links are facts from the PRECISEU D3.1 appendix; run with `node --import tsx`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'import');

// 1. Copied out of the PDF appendix: tab-separated, long names broken onto a second line with
// the other columns empty, blank lines between page blocks, no country column.
const pdf = [
  'No\tName and/or acronym\tDomain\tLink to information (website)\tGeographical scope\tStatus (Jan-2025)',
  '1\tGMS (Genomic Medicine Sweden)\tEcosystem\thttps://genomicmedicine.se/en/\tNational\tOngoing',
  '2\tSciLifelab\tR&I\thttps://www.scilifelab.se/capabilities/precision-medicine/\tNational\tOngoing',
  '3\tSystem demonstrator for national collection and sharing of omics data for healthcare,\tEcosystem\thttps://www.gu.se/en/news/new-project-accelerates-precision-medicine-in-healthcare\tNational\tOngoing',
  '',
  '\tresearch, and innovation.\t\t\t\t',
  '4\tTestbed Sweden Zero Vision Cancer\tPatient perspective\thttps://www.testbedswedenphc.se/\tNational\tOngoing',
  '6\tCAMP\tEcosystem\tN/A\tNational\tOngoing',
  '7\tRoadmap to implementation of precision medicine in Swedish health care\tPolicy&Regulation\tNot available yet.\tNational\tTo be launched',
  '8\tClinical Studies Sweden\tR&I\thttps://kliniskastudier.se/english\tNational\tPermanent institution',
  '',
  '33\tComplementary Plan of Biotechnology applied to Health. Action Line 1\tR&I\thttps://planescomplementariosalud.es/en/action-lines/\tLocal; Regional; National\tOngoing',
  '',
  '\t(LA1): BREM platform for cryo-electron microscopy applied to personalized medicine.\t\t\t\t',
  '54\tDeutsches Netzwerk für Personalisierte Medizin\tEcosystem\thttps://dnpm.de/\tNational\tOngoing',
];
writeFileSync(join(dir, 'pdf-appendix.tsv'), `${pdf.join('\n')}\n`);

// 2. Excel on Windows, "CSV (semicolon delimited)": Windows-1252, CRLF, Spanish headers, quoted
// fields with semicolons inside, a country written out, labels in Spanish.
const es = [
  'Nº;Nombre de la iniciativa;Enlace;País;Ámbito geográfico;Estado;Dominio;Tipo',
  '31;ATMP Catalonia;https://www.biocat.cat/ca/acceleracio/la-xarxa-de-terapies-avancades-de-catalunya;España;Regional;En curso;Ecosistema;Partnership',
  '39;Salut IA;iasalut.cat/en/;España;Regional;En curso;Política y regulación;Institución permanente',
  '41;"Data analytics program for health research and innovation (PADRIS)";https://aquas.gencat.cat/ca/fem/intelligencia-analitica/padris/index.html;España;Regional;En curso;Investigación e innovación;Proyecto',
  '42;"Digital Innovation Hub of Catalonia; DIH4CAT";https://dih4cat.cat/en/dih4cat/;España;"Regional; Europea";Finalizado;Ecosistema;Proyecto',
];
writeFileSync(
  join(dir, 'semicolon-windows-1252.csv'),
  Buffer.from(`${es.join('\r\n')}\r\n`, 'latin1'),
);

// 3. Excel's "Unicode text": UTF-16 little-endian with a byte-order mark, tab-separated, German.
const de = [
  'Name\tAkronym\tWebseite\tLand\tReichweite\tStatus\tBereich\tTyp\tFörderung',
  'Deutsches Konsortium für Translationale Krebsforschung\tDKTK\thttps://dktk.dkfz.de\tDeutschland\tNational\tlaufend\tForschung und Innovation\tPartnerschaft\tBundesministerium für Bildung und Forschung',
  'Deutsches Netzwerk für Personalisierte Medizin\tDNPM\thttps://dnpm.de/\tDeutschland\tNational\tlaufend\tÖkosystem\tPartnerschaft\tDeutsche Krebshilfe Stiftung; Quantum Fund',
];
writeFileSync(
  join(dir, 'utf16-unicode-text.txt'),
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${de.join('\r\n')}\r\n`, 'utf16le')]),
);

// 4. A file that numbers two rows 89, as the D3.1 appendix does, and lists one link twice.
const dup = [
  'No,Name and/or acronym,Domain,Link to information (website),Country,Geographical scope,Status (Jan-2025),Type',
  '88,Journal of personalised medicine,R&I,https://ulpm.org.ua/journal-pm/,Ukraine,National,To be launched,Study/publication/strategic document',
  '89,Mapping,R&I,https://docs.google.com/spreadsheets/d/1TK4rf4w6Qz-69wUsogRuN1VLjlgptgJC7S6FeZeT3s/edit?gid=0#gid=0,Ukraine,National,Ongoing,Study/publication/strategic document',
  '89,Modern Paradigms of Personalised Therapy in Oncology,Patient Perspective,https://www.iepor.site/?page_id=254,Ukraine,National,Ongoing,Ongoing project',
  '90,Oncotheranostics,Ecosystem,https://oncotheranostics.com.ua/,Ukraine,National,Ongoing,Partnership',
  '91,Oncotheranostics centre,Ecosystem,https://oncotheranostics.com.ua,Ukraine,National,Ongoing,Partnership',
];
writeFileSync(join(dir, 'duplicated-row-number.csv'), `\uFEFF${dup.join('\r\n')}\r\n`);

// 5. A survey tool's XLSX export: a responses sheet with respondent columns, timestamps as dates,
// multi-choice answers ending in ";", rich text and hyperlink cells, and a second sheet.
const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('Form Responses 1');
ws.addRow([
  'ID',
  'Start time',
  'Completion time',
  'Email',
  'Name',
  'Name of the initiative',
  'Acronym',
  'Brief description',
  'Website',
  'Country',
  'Geographical scope',
  'Status',
  'Domain',
  'Type of initiative',
  'Funding',
  'Comments about data access',
]);
ws.addRow([
  1,
  new Date(Date.UTC(2025, 0, 14, 9, 30)),
  new Date(Date.UTC(2025, 0, 14, 9, 52)),
  'respondent1@example.org',
  'Respondent One',
  'Clinical Studies Sweden',
  '',
  'National node that helps sponsors run clinical studies across Swedish regions.',
  { text: 'kliniskastudier.se', hyperlink: 'https://kliniskastudier.se/english' },
  'Sweden',
  'Regional;National;',
  'Permanent',
  'Research & Innovation',
  'Permanent institution',
  'Vinnova; Swedish Research Council',
  'Data stay within each region.',
]);
ws.addRow([
  2,
  new Date(Date.UTC(2025, 0, 15, 13, 5)),
  new Date(Date.UTC(2025, 0, 15, 13, 41)),
  'respondent2@example.org',
  'Respondent Two',
  { richText: [{ text: 'Testbed Sweden ' }, { font: { bold: true }, text: 'Zero Vision Cancer' }] },
  '',
  '=HYPERLINK("http://attacker.example","click")',
  'https://www.testbedswedenphc.se/',
  'SE',
  'National;',
  'Active',
  'Patient Perspective',
  'Ongoing project',
  '',
  '',
]);
ws.addRow([
  3,
  new Date(Date.UTC(2025, 0, 16, 8, 0)),
  new Date(Date.UTC(2025, 0, 16, 8, 20)),
  'respondent3@example.org',
  'Respondent Three',
  'Precision medicine school for nurses',
  'PMS',
  'Courses on genomics for nursing staff.',
  '',
  'Sweden',
  'Regional;',
  'Being planned',
  'Ecosystem',
  'Ongoing project',
  '',
  '',
]);
const lists = wb.addWorksheet('Choices');
lists.addRow(['Status']);
for (const s of ['Active', 'Permanent', 'Being planned']) lists.addRow([s]);
await wb.xlsx.writeFile(join(dir, 'survey-export.xlsx'));
console.log(`wrote fixtures to ${dir}`);
