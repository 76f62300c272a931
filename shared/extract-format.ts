/**
 * The extract format, as data: the allowed columns with their Danish aliases, the sectors, the
 * statuses, and the names of the rules an import applies. Shared so the UI can explain them.
 * Only these columns ever reach the database; any other column is dropped before parsing.
 */
export const SECTORS = ['jobcenter', 'ydelse', 'voksen', 'boern', 'aeldre_sundhed', 'skole_dagtilbud'] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_NAMES: Record<Sector, { da: string; en: string }> = {
  jobcenter: { da: 'Jobcenter', en: 'Jobcentre' },
  ydelse: { da: 'Ydelser', en: 'Benefits' },
  voksen: { da: 'Voksen social', en: 'Adult social services' },
  boern: { da: 'Børn og familie', en: 'Children and family' },
  aeldre_sundhed: { da: 'Ældre og sundhed', en: 'Elderly care and health' },
  skole_dagtilbud: { da: 'Skole og dagtilbud', en: 'School and daycare' },
};

/** Values a source may write in the sector column (normalised: lower case, single spaces). */
export const SECTOR_ALIASES: Record<Sector, string[]> = {
  jobcenter: ['jobcenter', 'jobcentre', 'beskæftigelse', 'beskaeftigelse', 'employment'],
  ydelse: ['ydelse', 'ydelser', 'ydelsescenter', 'borgerservice', 'benefits'],
  voksen: ['voksen', 'voksen social', 'voksenområdet', 'socialområdet', 'handicap og psykiatri', 'adult social'],
  boern: ['børn og familie', 'boern og familie', 'børn', 'boern', 'familie', 'children and family'],
  aeldre_sundhed: ['ældre og sundhed', 'aeldre og sundhed', 'sundhed og omsorg', 'ældre', 'sundhed', 'elderly care and health'],
  skole_dagtilbud: ['skole og dagtilbud', 'skole', 'dagtilbud', 'ppr', 'school and daycare'],
};

export interface ColumnSpec {
  key: string;
  required: boolean;
  aliases: string[];
  da: string;
  en: string;
}

/** A column is found by its key, its Danish or English name as the product writes it, or an alias. */
const col = (key: string, required: boolean, da: string, en: string, aliases: string[]): ColumnSpec => ({ key, required, da, en, aliases: [key, da, en, ...aliases] });

export const SERVICE_COLUMNS: readonly ColumnSpec[] = [
  col('cpr', true, 'CPR-nummer', 'CPR number', ['cpr', 'cprnr', 'cpr_nr', 'cpr_nummer', 'cprnummer', 'personnummer']),
  col('name', true, 'Borgerens navn', 'Citizen name', ['navn', 'borger', 'borgernavn', 'fulde_navn']),
  col('sector', true, 'Sektor', 'Sector', ['sektor', 'område', 'omraade']),
  col('department', true, 'Afdeling', 'Department', ['afdeling', 'forvaltning', 'center', 'fagcenter']),
  col('service_code', true, 'Ydelseskode', 'Service code', ['ydelseskode', 'indsatskode', 'kode']),
  col('service_name', true, 'Ydelse', 'Service name', ['ydelse', 'indsats', 'ydelsesnavn', 'indsatsnavn']),
  col('legal_basis', true, 'Paragraf', 'Legal basis', ['paragraf', 'lovgrundlag', 'hjemmel']),
  col('status', true, 'Status', 'Status', []),
  col('start_date', true, 'Startdato', 'Start date', ['startdato', 'start', 'bevilget_fra', 'fra_dato']),
  col('end_date', false, 'Slut- eller revurderingsdato', 'End or review date', ['slutdato', 'planlagt_slut', 'revurdering', 'revurderingsdato', 'til_dato']),
  col('goal', false, 'Mål for indsatsen', 'Goal', ['mål', 'maal', 'indsatsmål', 'indsatsmaal', 'formål', 'formaal']),
  col('caseworker_name', true, 'Sagsbehandler', 'Caseworker', ['sagsbehandler', 'sagsbehandler_navn', 'kontaktperson']),
  col('caseworker_phone', false, 'Sagsbehandlers telefon', 'Caseworker phone', ['telefon', 'tlf', 'sagsbehandler_telefon']),
  col('caseworker_email', false, 'Sagsbehandlers e-mail', 'Caseworker email', ['email', 'e_mail', 'mail', 'sagsbehandler_email']),
  col('caseworker_unit', false, 'Sagsbehandlers enhed', 'Caseworker unit', ['enhed', 'team', 'sagsbehandler_enhed']),
  col('yearly_cost', false, 'Årlig udgift (kr.)', 'Yearly cost (DKK)', ['årlig_udgift', 'aarlig_udgift', 'udgift', 'årlig_pris']),
  // The day the source system drew the extract: the same on every row. Optional; without it the
  // import day (in Denmark) is the snapshot date.
  col('extraction_date', false, 'Udtræksdato', 'Extraction date', ['udtraeksdato', 'opgørelsesdato', 'opgoerelsesdato', 'trukket_den', 'snapshot_date']),
];

/**
 * Who a caseworker is: their name within the sector whose extract names them, whatever the case
 * or spacing. A blank or different phone, e-mail or team does not make another person.
 */
export function caseworkerIdentity(name: string): string {
  return name.toLocaleLowerCase('da').replace(/\s+/g, ' ').trim();
}

/** Which department a name is, within the sector whose extract names it: whatever the case or spacing, as a caseworker. */
export const departmentIdentity = caseworkerIdentity;

export const RELATION_COLUMNS: readonly ColumnSpec[] = [
  col('parent_cpr', true, 'Forælders CPR-nummer', 'Parent CPR', ['forælder_cpr', 'foraelder_cpr', 'forælder', 'foraelder', 'voksen_cpr']),
  col('child_cpr', true, 'Barnets CPR-nummer', 'Child CPR', ['barn_cpr', 'barn', 'barnets_cpr']),
  col('household', false, 'Husstand', 'Household', ['husstand', 'husstand_id', 'household_id']),
];

/**
 * The most columns an extract may have (A–BL). The trial allows at most 16; a source system may
 * add a few of its own, which are dropped. Beyond this a file is refused: one row padded to
 * Excel's last column (XFD, 16,384) must not cost 16,384 cells per row.
 */
export const MAX_COLUMNS = 64;

/**
 * Header names compare in lower case without spaces, hyphens, underscores and dots, wherever they
 * stand: `Start dato` = `Startdato`, `Ydelses-kode` = `Ydelseskode`, `CPR-nr.` = `CPR NR`. (Mapping
 * them to one `_` made `Start dato` no match for `Startdato`, and dropped `Tlf.` as unknown.)
 */
export function normaliseHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-_.]+/g, '');
}

export const STATUS_ALIASES = {
  ongoing: ['igangværende', 'igangvaerende', 'aktiv', 'aktive', 'bevilget', 'løbende', 'loebende', 'ongoing', 'active'],
  ended: ['afsluttet', 'ophørt', 'ophoert', 'lukket', 'ended', 'closed'],
  rejected: ['afslået', 'afslaaet', 'afvist', 'ikke bevilget', 'rejected'],
  pending: ['afventer', 'ansøgt', 'ansoegt', 'under behandling', 'pending'],
  earlier: ['tidligere', 'historisk', 'earlier'],
} as const;

/** Why a row was left out although it was valid: the trial does not allow it. */
export const DROP_RULES = ['excluded-service', 'status-ended', 'status-rejected', 'status-pending', 'status-earlier', 'ended-by-date', 'not-started'] as const;
export type DropRule = (typeof DROP_RULES)[number];

/** Why a row was refused: it is wrong. */
export const REJECT_REASONS = [
  'required-missing',
  'cpr-invalid',
  'cpr-fictitious',
  'date-invalid',
  'date-order',
  'service-code-unknown',
  'status-unknown',
  'sector-unknown',
  'sector-mixed',
  'cost-invalid',
  'duplicate',
  'extraction-date-mixed',
  'csv-syntax',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
