/**
 * Who receives what in the synthetic municipality. Weights are persons per 200,000 inhabitants,
 * after the national figures in the briefing's domain notes (førtidspension ≈ 8,200, sygedagpenge
 * ≈ 2,700, kontanthjælp ≈ 3,200–4,000, fleksjob ≈ 3,000, jobafklaring ≈ 600, children with a
 * support measure ≈ 1,850 of whom ≈ 480 placed, adults with a Serviceloven service ≈ 2,750,
 * home care ≈ 5,400). Each code has a chance; `grants` is how many concurrent grants of it.
 */
export interface Segment {
  id: string;
  weight: number;
  age: [number, number];
  codes: [code: string, chance: number, grants?: [number, number]][];
  /** Chance that the person belongs to a family in the relations file. */
  family?: number;
}

export const SEGMENTS: Segment[] = [
  { id: 'daycare', weight: 9000, age: [1, 10], codes: [['DTL', 1]], family: 0.25 },
  { id: 'child-support', weight: 1370, age: [0, 17], codes: [['BL32', 1, [1, 3]], ['BL20', 0.4], ['DTL', 0.4], ['FSL20', 0.15], ['PPR', 0.25]], family: 0.9 },
  { id: 'child-placed', weight: 480, age: [2, 17], codes: [['BL46', 0.75], ['BL32', 0.3], ['FSL20', 0.2], ['PPR', 0.2]], family: 0.9 },
  { id: 'child-special', weight: 1200, age: [6, 16], codes: [['FSL20', 0.8, [1, 2]], ['PPR', 0.6], ['BL82', 0.15], ['BL86', 0.1], ['DTL', 0.5]], family: 0.6 },
  { id: 'youth-17', weight: 300, age: [16, 18], codes: [['BL32', 0.8, [1, 2]], ['BL20', 0.3], ['FSL20', 0.3], ['STU', 0.2], ['PPR', 0.3]], family: 0.8 },
  { id: 'young-benefit', weight: 1200, age: [18, 29], codes: [['LAS_UH', 0.55], ['LAS_KH', 0.45], ['SEL85', 0.35, [1, 2]], ['LAB_MENTOR', 0.4], ['LAB_PRAKTIK', 0.25, [1, 2]], ['BL114', 0.12], ['SUL141', 0.05]] },
  { id: 'cash', weight: 2500, age: [30, 64], codes: [['LAS_KH', 1], ['LAB_PRAKTIK', 0.35, [1, 3]], ['LAB_MENTOR', 0.15], ['SEL99', 0.08], ['SUL141', 0.06], ['SUL140A', 0.05]], family: 0.35 },
  { id: 'sick', weight: 2700, age: [25, 66], codes: [['SDP', 1, [1, 2]], ['SUL140A', 0.12], ['SUL140', 0.1], ['LAB_LONTILSKUD', 0.05]], family: 0.3 },
  { id: 'flex', weight: 3000, age: [30, 66], codes: [['LAB_FLEKSJOB', 1, [1, 2]], ['LAS_LEDY', 0.2], ['SUL140A', 0.1]] },
  { id: 'pension', weight: 8200, age: [40, 66], codes: [['FOP', 1], ['SEL85', 0.15, [1, 3]], ['SEL104', 0.08], ['SEL108', 0.04], ['SUL138', 0.1, [1, 2]], ['SEL83', 0.1, [1, 3]]] },
  { id: 'job-clarification', weight: 600, age: [30, 62], codes: [['LAB_JOBAFKL', 1], ['LAS_RFYJA', 1], ['SEL83', 0.25, [1, 3]], ['SUL140A', 0.3], ['LAB_MENTOR', 0.1]], family: 0.3 },
  { id: 'resource', weight: 400, age: [25, 62], codes: [['LAB_RESSOURCE', 1], ['LAS_RFY', 1], ['SEL85', 0.3, [1, 2]], ['SUL141', 0.1], ['LAB_MENTOR', 0.3], ['SEL99', 0.1]] },
  {
    id: 'adult-social',
    weight: 2750,
    age: [18, 64],
    codes: [
      ['SEL85', 0.5, [1, 3]], ['SEL99', 0.15], ['SEL101', 0.15], ['SEL104', 0.15], ['SEL103', 0.1], ['SEL107', 0.06], ['SEL108', 0.06],
      ['SEL110', 0.04], ['SUL141', 0.1], ['SUL142', 0.06], ['SEL96', 0.04, [1, 2]], ['SEL82AB', 0.1], ['LAS_KH', 0.3], ['FOP', 0.2], ['LAB_MENTOR', 0.08],
    ],
    family: 0.3,
  },
  { id: 'brain-injury', weight: 150, age: [18, 65], codes: [['SUL140', 1, [1, 2]], ['SEL86', 0.6], ['SEL85', 0.4], ['SEL104', 0.3], ['LAB_JOBAFKL', 0.2], ['SDP', 0.3], ['SEL83', 0.3, [1, 3]]] },
  { id: 'home-care', weight: 5400, age: [65, 98], codes: [['SEL83', 1, [2, 6]], ['SUL138', 0.45, [1, 3]], ['SEL86', 0.2], ['SUL140', 0.1], ['SEL84', 0.05]] },
  { id: 'elderly-health', weight: 3000, age: [60, 95], codes: [['SUL138', 0.6, [1, 3]], ['SEL86', 0.3], ['SUL140A', 0.3], ['SUL140', 0.2]] },
];

/**
 * Typical yearly cost in kroner of services (the actual cost is drawn around it with a heavy
 * tail). Cash benefits and pensions are transfers, not service costs, and carry none: the
 * "1% of citizens ≈ 30% of costs" figure is about services.
 */
export const BASE_COST: Record<string, number> = {
  BL20: 30000, BL32: 70000, BL46: 600000, BL47: 900000, BL114: 150000, BL33: 200000, BL82: 250000, BL86: 40000,
  SEL85: 50000, SEL82AB: 20000, SEL99: 60000, SEL101: 90000, SEL96: 400000, SEL103: 50000, SEL104: 50000,
  SEL107: 500000, SEL108: 800000, SEL110: 300000, SEL83: 35000, SEL84: 80000, SEL86: 30000,
  SUL138: 20000, SUL140: 25000, SUL140A: 15000, SUL141: 40000, SUL142: 60000,
  LAB_MENTOR: 25000, LAB_PRAKTIK: 10000, LAB_LONTILSKUD: 60000, LAB_RESSOURCE: 30000, LAB_JOBAFKL: 25000, LAB_FLEKSJOB: 30000,
  FSL20: 110000, PPR: 10000, STU: 300000,
};

export const DEPARTMENTS: Record<string, string[]> = {
  jobcenter: ['Jobcenter Nord', 'Jobcenter Syd', 'Ungeindsatsen', 'Sygedagpengeafdelingen', 'Fleksjobteamet'],
  ydelse: ['Ydelsescentret', 'Borgerservice Ydelser'],
  voksen: ['Socialpsykiatrien', 'Handicap og Misbrug', 'Hjemløseenheden', 'Bostøtteteamet'],
  boern: ['Familieafdelingen', 'Børnehandicap', 'Ungeteamet', 'Familiehuset'],
  aeldre_sundhed: ['Hjemmeplejen Øst', 'Hjemmeplejen Vest', 'Sundhed og Træning', 'Sygeplejen'],
  skole_dagtilbud: ['PPR', 'Specialundervisning', 'Dagtilbud', 'Skoleafdelingen'],
};

export const GOALS: Record<string, string[]> = {
  LAB_MENTOR: ['Fastholdelse i uddannelse', 'Støtte til at komme i job', 'Struktur i hverdagen'],
  LAB_JOBAFKL: ['Afklaring af arbejdsevne', 'Tilbagevenden til arbejdsmarkedet'],
  LAB_RESSOURCE: ['Udvikling af arbejdsevne', 'Stabilisering af helbred og sociale forhold'],
  LAB_PRAKTIK: ['Afprøvning af skånehensyn', 'Opkvalificering på arbejdsplads'],
  LAB_FLEKSJOB: ['Fastholdelse i fleksjob'],
  SEL85: ['Mestre egen bolig og økonomi', 'Styrke sociale relationer', 'Stabil hverdag'],
  SEL99: ['Kontakt til relevante tilbud', 'Sikre bolig'],
  SEL101: ['Stoffrihed eller reduceret forbrug'],
  SUL141: ['Ophør med eller reduktion af alkoholforbrug'],
  SEL83: ['Klare personlig pleje', 'Hjælp til rengøring', 'Bevare funktionsevne'],
  SUL140A: ['Vedligeholde funktionsevne'],
  SUL140: ['Genvinde funktionsevne efter indlæggelse'],
  BL32: ['Styrke forældrekompetencer', 'Stabil skolegang', 'Trivsel i hjemmet'],
  BL46: ['Stabil anbringelse og skolegang', 'Kontakt til forældre'],
  BL20: ['Afdække barnets behov'],
  FSL20: ['Faglig og social udvikling'],
};
