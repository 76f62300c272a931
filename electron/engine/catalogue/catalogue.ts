/**
 * The service catalogue: data, not code (laws change; ressourceforløb closes, a new LAB comes).
 * Seeded from assets/catalogue/services.csv into the workspace, where administrators can edit it.
 */
import type { Database } from 'sql.js';
import { CATALOGUE_CSV as catalogueCsv } from './catalogue-data';
import { SECTORS, type Sector } from '../../../shared/extract-format';
import { all } from '../base/database';
import { parseCsv } from '../base/files/csv';

export interface CatalogueEntry {
  id: number;
  code: string;
  nameDa: string;
  nameEn: string;
  law: string;
  paragraphOld: string;
  paragraphNew: string;
  sector: Sector;
  excluded: boolean;
  universal: boolean;
  category: string;
}

/** The bundled catalogue as entries (no ids yet): the one place that reads its CSV. */
export function bundledCatalogue(): Omit<CatalogueEntry, 'id'>[] {
  const [header, ...rows] = parseCsv(catalogueCsv, ',');
  const at = (name: string) => header!.indexOf(name);
  return rows
    .filter((r) => r.length >= header!.length)
    .map((r) => {
      const sector = r[at('sector_code')]!;
      if (!(SECTORS as readonly string[]).includes(sector)) throw new Error(`catalogue: unknown sector ${sector}`);
      return {
        code: r[at('code')]!,
        nameDa: r[at('name_da')]!,
        nameEn: r[at('name_en')]!,
        law: r[at('law')]!,
        paragraphOld: r[at('paragraph_old')]!,
        paragraphNew: r[at('paragraph_new')]!,
        sector: sector as Sector,
        excluded: r[at('excluded')] === 'yes',
        universal: r[at('universal')] === 'yes',
        category: r[at('category')]!,
      };
    });
}

export function seedCatalogue(db: Database): void {
  const stmt = db.prepare(
    `INSERT INTO catalogue (code, name_da, name_en, law, paragraph_old, paragraph_new, sector, excluded, universal, category)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  try {
    for (const c of bundledCatalogue()) {
      stmt.run([c.code, c.nameDa, c.nameEn, c.law, c.paragraphOld, c.paragraphNew, c.sector, Number(c.excluded), Number(c.universal), c.category]);
    }
  } finally {
    stmt.free();
  }
}

export function loadCatalogue(db: Database): CatalogueEntry[] {
  return all(db, 'SELECT * FROM catalogue ORDER BY code').map((r) => ({
    id: Number(r.id),
    code: String(r.code),
    nameDa: String(r.name_da),
    nameEn: String(r.name_en),
    law: String(r.law),
    paragraphOld: String(r.paragraph_old),
    paragraphNew: String(r.paragraph_new),
    sector: String(r.sector) as Sector,
    excluded: r.excluded === 1,
    universal: r.universal === 1,
    category: String(r.category),
  }));
}

