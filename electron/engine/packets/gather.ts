/**
 * What goes into each packet of a round, and nothing more. A packet is planned from one sector's
 * own service rows only: its rows are the included citizens that sector serves, each with that
 * sector's services and caseworkers. Nothing is carried over from other sectors: not their
 * services, not how many sectors a citizen is known in, not the criteria that selected them, not
 * the family members the sector does not serve.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'sql.js';
import { isoOfDay } from '../../../shared/dates';
import type { Sector } from '../../../shared/extract-format';
import { all, one } from '../base/database';

export interface PacketService {
  code: string;
  name: string;
  legalBasis: string;
  department: string;
  start: string;
  end: string | null;
  caseworker: string;
}

export interface Caseworker {
  name: string;
  phone: string;
  email: string;
  unit: string;
}

export interface PlannedRow {
  reference: string;
  /** The candidate's pseudonym on the round's list: stored for aggregation, never written into a packet. */
  candidate: string;
  cpr: string;
  name: string;
  services: PacketService[];
  caseworker: Caseworker;
}

export interface PlannedPacket {
  sector: Sector;
  part: number | null;
  rows: PlannedRow[];
  departments: Set<string>;
}

/** Crockford's base32 without I, L, O, U: read aloud and typed without mix-ups. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh random reference (60 bits), e.g. `R-7K3M-Q9XD-2HWB`; it is random, so it says nothing of the citizen. */
export function newReference(db: Database): string {
  for (;;) {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
    const ref = `R-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
    if (!one(db, 'SELECT 1 AS x FROM packet_row WHERE reference = ?', [ref])) return ref;
  }
}

/**
 * A service as the documents show it, with its sector, citizen and caseworker: the columns and the
 * joins from a person, shared by every document that lists services (packets, notices, overviews).
 */
const SERVICE_COLUMNS = `so.sector, p.cpr, p.name, cat.code, sn.value AS service_name, lb.value AS legal_basis, dep.value AS department,
  s.start_day, s.end_day, cw.id AS cw_id, cw.name AS cw_name, cw.phone AS cw_phone, cw.email AS cw_email, cw.unit AS cw_unit`;
const SERVICE_JOINS = `JOIN service s ON s.person_id = p.id
  JOIN source so ON so.id = s.source_id
  JOIN catalogue cat ON cat.id = s.catalogue_id
  JOIN dict sn ON sn.id = s.service_name_id
  JOIN dict lb ON lb.id = s.legal_basis_id
  JOIN dict dep ON dep.id = s.department_id
  JOIN caseworker cw ON cw.id = s.caseworker_id`;

export interface ServiceRow {
  sector: Sector;
  cpr: string;
  name: string;
  service: PacketService;
  caseworkerId: number;
  caseworker: Caseworker;
}

function toServiceRow(r: Record<string, unknown>): ServiceRow {
  const caseworker: Caseworker = { name: String(r.cw_name), phone: String(r.cw_phone), email: String(r.cw_email), unit: String(r.cw_unit) };
  return {
    sector: String(r.sector) as Sector,
    cpr: String(r.cpr),
    name: String(r.name),
    caseworkerId: Number(r.cw_id),
    caseworker,
    service: {
      code: String(r.code),
      name: String(r.service_name),
      legalBasis: String(r.legal_basis),
      department: String(r.department),
      start: isoOfDay(Number(r.start_day)),
      end: r.end_day === null ? null : isoOfDay(Number(r.end_day)),
      caseworker: caseworker.name,
    },
  };
}

/** Every service the citizens receive in the current extracts, sector by sector, citizen by citizen. */
export function servicesOf(db: Database, cprs: readonly string[]): ServiceRow[] {
  if (cprs.length === 0) return [];
  return all(db, `SELECT ${SERVICE_COLUMNS} FROM person p ${SERVICE_JOINS} WHERE p.cpr IN (SELECT value FROM json_each(?)) ORDER BY so.sector, p.cpr, s.start_day, cat.code`, [
    JSON.stringify(cprs),
  ]).map(toServiceRow);
}

/** Every service of every included citizen, sector by sector (one query; a round is at most a few thousand citizens). */
function serviceRows(db: Database, roundId: number) {
  return all(
    db,
    `SELECT c.pseudonym AS candidate, ${SERVICE_COLUMNS}
     FROM round r
     JOIN run_candidate c ON c.run_id = r.run_id
     JOIN round_decision d ON d.round_id = r.id AND d.pseudonym = c.pseudonym AND d.decision = 'include'
     JOIN run_candidate_member m ON m.run_id = c.run_id AND m.pos = c.pos
     JOIN person p ON p.cpr = m.cpr
     ${SERVICE_JOINS}
     WHERE r.id = ?
     ORDER BY so.sector, m.cpr, s.start_day, cat.code`,
    [roundId],
  ).map((r) => ({ ...toServiceRow(r), candidate: String(r.candidate) }));
}

/**
 * The packets of a round: one per sector, or one per caseworker within each sector. A citizen
 * appears once per sector, in the packet of the caseworker with most of their services there
 * (ties: the name first in order), so each sector gives one answer per citizen.
 */
export function planPackets(db: Database, roundId: number, split: 'sector' | 'caseworker'): PlannedPacket[] {
  const bySector = new Map<Sector, Map<string, Omit<PlannedRow, 'reference' | 'caseworker'> & { caseworkers: Map<string, { cw: Caseworker; n: number }> }>>();
  for (const r of serviceRows(db, roundId)) {
    const { sector, cpr, caseworker: cw } = r;
    if (!bySector.has(sector)) bySector.set(sector, new Map());
    const people = bySector.get(sector)!;
    if (!people.has(cpr)) people.set(cpr, { candidate: r.candidate, cpr, name: r.name, services: [], caseworkers: new Map() });
    const person = people.get(cpr)!;
    person.services.push(r.service);
    const key = JSON.stringify(cw);
    const seen = person.caseworkers.get(key);
    person.caseworkers.set(key, { cw, n: (seen?.n ?? 0) + 1 });
  }
  const packets: PlannedPacket[] = [];
  for (const [sector, people] of bySector) {
    const rows = [...people.values()].map(({ caseworkers, ...p }) => {
      const main = [...caseworkers.values()].sort((a, b) => b.n - a.n || a.cw.name.localeCompare(b.cw.name, 'da'))[0]!.cw;
      return { ...p, reference: newReference(db), caseworker: main };
    });
    const departmentsOf = (rs: PlannedRow[]) => new Set(rs.flatMap((r) => r.services.map((s) => s.department)));
    if (split === 'sector') {
      packets.push({ sector, part: null, rows, departments: departmentsOf(rows) });
      continue;
    }
    const byCaseworker = new Map<string, PlannedRow[]>();
    for (const r of rows) byCaseworker.set(JSON.stringify(r.caseworker), [...(byCaseworker.get(JSON.stringify(r.caseworker)) ?? []), r]);
    [...byCaseworker.values()]
      .sort((a, b) => a[0]!.caseworker.name.localeCompare(b[0]!.caseworker.name, 'da'))
      .forEach((rs, i) => packets.push({ sector, part: i + 1, rows: rs, departments: departmentsOf(rs) }));
  }
  return packets;
}
