/**
 * One fact sheet in five languages, written for the twinning term-list tests (issue 17): the
 * strengths and weaknesses in the same order, each line saying the same thing as its English
 * line. The English lines meet every transfer requirement but national powers.
 */
export const SHEETS = {
  en: {
    strengths: [
      'Regional health data platform',
      'Biobank network of the university hospitals',
      'Experience with risk-sharing agreements',
      'Active patient organisations',
      'Genome sequencing in routine care',
      'Manufacturing of cell therapies',
      'Cluster of biotech companies and start-ups',
      'Precision medicine in the Smart Specialisation Strategy',
      'Rules for secondary use of health data',
    ],
    weaknesses: [
      'Fragmented data systems',
      'No national strategy for personalised medicine',
      'Insufficient training of healthcare professionals',
      'Genomic tests poorly reimbursed',
      'Limited private-sector engagement',
      'Disparities in access to diagnostics in rural areas',
      'Complex supply chains for cell therapies',
      'Strict GDPR interpretation',
    ],
  },
  es: {
    strengths: [
      'Plataforma regional de datos sanitarios',
      'Red de biobancos de los hospitales universitarios',
      'Experiencia con acuerdos de riesgo compartido',
      'Asociaciones de pacientes activas',
      'Secuenciación del genoma en la práctica clínica',
      'Fabricación de terapias celulares',
      'Clúster de empresas biotecnológicas y emergentes',
      'La medicina de precisión en la estrategia de especialización inteligente',
      'Normas para el uso secundario de los datos de salud',
    ],
    weaknesses: [
      'Sistemas de datos fragmentados',
      'No existe una estrategia nacional de medicina personalizada',
      'Formación insuficiente de los profesionales sanitarios',
      'Pruebas genómicas mal reembolsadas',
      'Escasa participación del sector privado',
      'Desigualdades en el acceso al diagnóstico en zonas rurales',
      'Cadenas de suministro complejas para terapias celulares',
      'Interpretación estricta del RGPD',
    ],
  },
  de: {
    strengths: [
      'Regionale Gesundheitsdatenplattform',
      'Biobank-Netzwerk der Universitätskliniken',
      'Erfahrung mit Vereinbarungen zur Risikoteilung',
      'Aktive Patientenorganisationen',
      'Genomsequenzierung in der Routineversorgung',
      'Herstellung von Zelltherapien',
      'Cluster von Biotech-Unternehmen und Start-ups',
      'Präzisionsmedizin in der Strategie für intelligente Spezialisierung',
      'Regeln für die Sekundärnutzung von Gesundheitsdaten',
    ],
    weaknesses: [
      'Fragmentierte Datensysteme',
      'Keine nationale Strategie für personalisierte Medizin',
      'Unzureichende Weiterbildung des Gesundheitspersonals',
      'Geringe Erstattung genomischer Tests',
      'Geringes Engagement der Privatwirtschaft',
      'Ungleichheiten beim Zugang zur Diagnostik in ländlichen Gebieten',
      'Komplexe Lieferketten für Zelltherapien',
      'Strenge Auslegung der DSGVO',
    ],
  },
  el: {
    strengths: [
      'Περιφερειακή πλατφόρμα δεδομένων υγείας',
      'Δίκτυο βιοτραπεζών των πανεπιστημιακών νοσοκομείων',
      'Εμπειρία με συμφωνίες επιμερισμού κινδύνου',
      'Ενεργοί σύλλογοι ασθενών',
      'Αλληλούχιση του γονιδιώματος στην κλινική πράξη',
      'Μονάδα παραγωγής κυτταρικών θεραπειών',
      'Σύμπλεγμα βιοτεχνολογικών επιχειρήσεων και νεοφυών εταιρειών',
      'Η ιατρική ακριβείας στη στρατηγική έξυπνης εξειδίκευσης',
      'Κανόνες για τη δευτερογενή χρήση δεδομένων υγείας',
    ],
    weaknesses: [
      'Κατακερματισμένα συστήματα δεδομένων',
      'Δεν υπάρχει εθνική στρατηγική για την εξατομικευμένη ιατρική',
      'Ανεπαρκής εκπαίδευση των επαγγελματιών υγείας',
      'Γονιδιωματικές εξετάσεις με ανεπαρκή αποζημίωση',
      'Περιορισμένη συμμετοχή του ιδιωτικού τομέα',
      'Ανισότητες στην πρόσβαση στη διάγνωση σε αγροτικές περιοχές',
      'Πολύπλοκες εφοδιαστικές αλυσίδες για κυτταρικές θεραπείες',
      'Αυστηρή ερμηνεία του ΓΚΠΔ',
    ],
  },
  lt: {
    strengths: [
      'Regioninė sveikatos duomenų platforma',
      'Universitetinių ligoninių biobankų tinklas',
      'Patirtis taikant rizikos pasidalijimo susitarimus',
      'Aktyvios pacientų organizacijos',
      'Genomo sekoskaita įprastinėje klinikinėje praktikoje',
      'Ląstelių terapijų gamyba',
      'Biotechnologijų įmonių ir startuolių klasteris',
      'Tiksliosios medicinos vieta sumaniosios specializacijos strategijoje',
      'Sveikatos duomenų antrinio naudojimo taisyklės',
    ],
    weaknesses: [
      'Fragmentuotos duomenų sistemos',
      'Nėra nacionalinės strategijos personalizuotajai medicinai',
      'Nepakankamas sveikatos priežiūros specialistų mokymas',
      'Genominiai tyrimai menkai kompensuojami',
      'Ribotas privačiojo sektoriaus įsitraukimas',
      'Netolygus diagnostikos prieinamumas kaimo vietovėse',
      'Sudėtingos ląstelių terapijų tiekimo grandinės',
      'Griežtas BDAR aiškinimas',
    ],
  },
} as const;

export type SheetLanguage = keyof typeof SHEETS;

/**
 * The strength reasons a sheet's strengths give, as "<barrier> <line>", in the list's order. By
 * hand from TRANSFER_REQUIREMENTS: line 0 a data platform (B01), line 1 hospitals and universities
 * (B14, B10), 2 risk sharing (B05), 3 patient organisations (B11), 4 sequencing (no barrier), 5
 * manufacturing (B15), 6 companies (B16), 7 smart specialisation (B12), 8 secondary use (B02 to B04).
 */
export const STRENGTH_REASONS: readonly string[] = [
  'B01 0',
  'B14 1',
  'B10 1',
  'B05 2',
  'B11 3',
  'B15 5',
  'B16 6',
  'B12 7',
  'B02 8',
  'B03 8',
  'B04 8',
];
