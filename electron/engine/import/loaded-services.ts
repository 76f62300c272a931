/**
 * The services an import has just loaded, kept as the columns screening needs, so the screening
 * index after an import is built from memory instead of reading a million rows back through SQL
 * (more than a second at copenhagen scale, on the engine's thread, before the first preview).
 *
 * Memory only, for this session, and used once: the first screening after the import takes it
 * (screening/snapshot.ts). It is exact by construction: each source's columns are the rows the
 * loader inserted, in insertion order, tagged with the receipt that replaced the source; screening
 * uses a source's columns only while the database's source still names that receipt, and reads any
 * other source from SQL.
 */
import type { Sector } from '../../../shared/extract-format';
import { sessionMemory, type Session } from '../base/context';

/** One source's services in the order they were inserted (the order of their database ids). */
export interface SourceColumns {
  sourceId: number;
  receiptId: number;
  sector: Sector;
  length: number;
  /** Database ids of the person, the catalogue entry, the department (a dict id) and the caseworker. */
  person: Int32Array;
  catalogueId: Int32Array;
  department: Float64Array;
  caseworker: Int32Array;
  startDay: Int32Array;
  /** -1 where the service has no end; 0 where it has no yearly cost (as screening reads them). */
  endDay: Int32Array;
  cost: Float64Array;
}

/** Every person in the database after the import, in id order (the loader follows each insert and deletion). */
export interface LoadedPersons {
  id: Int32Array;
  cpr: string[];
  birthDay: Int32Array;
}

/**
 * The family relations as an import loaded them: every row of the table (a relations file
 * replaces them all), in the table's key order (parent, then child), tagged with the file's receipt.
 */
export interface LoadedRelations {
  receiptId: number;
  /** Database ids of each link's parent and child. */
  parent: Int32Array;
  child: Int32Array;
  /** The link's household, '' where it has none. */
  household: string[];
}

export interface LoadedServices {
  /**
   * The sources the import loaded, by source id, in the order they were loaded. A source loaded
   * twice in one batch keeps only its last columns (the first rows were deleted).
   */
  sources: Map<number, SourceColumns>;
  persons: LoadedPersons;
  /** The relations, if the import loaded a relations file too (screening's families come from them). */
  relations?: LoadedRelations | undefined;
}

/** What the last import loaded, as screening takes it. */
export interface TakenLoad {
  services: LoadedServices;
  /**
   * No call has changed the workspace since the import (Session.changes): its rows are the ones
   * it loaded, so screening need not count them again to know (a tenth of a second at copenhagen
   * scale, on the first preview after every import).
   */
  unchanged: boolean;
}

const loaded = sessionMemory<{ services: LoadedServices; changes: number }>('import.loaded-services');

/** Keeps what an import loaded for the next screening (after the import's changes are committed). */
export function keepLoaded(s: Session, services: LoadedServices): void {
  if (services.sources.size) loaded.set(s, { services, changes: s.changes });
  else loaded.drop(s);
}

/** Takes (removes) what the last import loaded, if anything: it is used once. */
export function takeLoaded(s: Session): TakenLoad | undefined {
  const kept = loaded.get(s);
  loaded.drop(s);
  return kept && { services: kept.services, unchanged: kept.changes === s.changes };
}
