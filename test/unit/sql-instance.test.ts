/**
 * A session's own sql.js (base/sql-instance.ts) gives MEMFS more room each time a database file
 * grows, instead of 12.5 % at a time, or the room asked for at once. The file must stay exactly
 * the database: written far past many growths, exported, and opened again, every row is there and
 * nothing else is.
 */
import { describe, expect, it } from 'vitest';
import { newSqlInstance } from '../../electron/engine/base/sql-instance';

describe('a session’s sql.js instance', () => {
  // Also when room was asked for first (an import: SqlInstance.reserve), enough or too little.
  it.each([
    ['as it grows', 0],
    ['with room for all of it made at once', 64 * 1024 * 1024],
    ['with too little room made at once, then growing again', 1024 * 1024],
  ])('keeps a database that grows to 40 MB exact through its file’s growths, export and reopening (%s)', async (_, room) => {
    const instance = await newSqlInstance();
    const db = new instance.sql.Database();
    instance.reserve(room);
    db.exec('PRAGMA secure_delete = ON; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const rows = 40_000;
    const body = (i: number) => `${String(i).padStart(8, '0')}:${'æøå-'.repeat(250)}`;
    db.exec('BEGIN');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < rows; i++) insert.run([i, body(i)]);
    insert.free();
    db.exec('COMMIT');
    const image = db.export();
    expect(image.length).toBeGreaterThan(30 * 1024 * 1024);
    // The image is the database's pages and nothing more: a whole number of pages, as SQLite says.
    const pageSize = Number(db.exec('PRAGMA page_size')[0]!.values[0]![0]);
    const pages = Number(db.exec('PRAGMA page_count')[0]!.values[0]![0]);
    expect(image.length).toBe(pageSize * pages);
    const again = new instance.sql.Database(image);
    expect(again.exec('PRAGMA integrity_check')[0]!.values[0]![0]).toBe('ok');
    expect(Number(again.exec('SELECT count(*) FROM t')[0]!.values[0]![0])).toBe(rows);
    for (const i of [0, 1, 12_345, rows - 1]) expect(again.exec(`SELECT body FROM t WHERE id = ${i}`)[0]!.values[0]![0]).toBe(body(i));
    // Deleting and writing again inside the grown file keeps it whole too.
    again.exec('DELETE FROM t WHERE id % 2 = 0; VACUUM');
    expect(Number(again.exec('SELECT count(*) FROM t')[0]!.values[0]![0])).toBe(rows / 2);
    expect(again.exec('PRAGMA integrity_check')[0]!.values[0]![0]).toBe('ok');
    instance.wipe();
  });

  it('exports into a buffer lent to it when the image fills at least half of it, the largest lent, and not after lend(null)', async () => {
    const instance = await newSqlInstance();
    const db = new instance.sql.Database();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < 2_000; i++) insert.run([i, `${i}:${'x'.repeat(1_000)}`]);
    insert.free();
    const plain = db.export(); // into new memory: nothing lent
    const size = plain.byteLength;
    const lent = (bytes: number) => new ArrayBuffer(bytes);
    const exportWith = (...buffers: (ArrayBuffer | null)[]) => {
      for (const b of buffers) instance.lend(b);
      const image = db.export();
      expect(Buffer.compare(Buffer.from(image), Buffer.from(plain))).toBe(0); // the same image, wherever it lies
      return image.buffer;
    };
    const fits = lent(size + 4096);
    expect(exportWith(fits)).toBe(fits);
    expect(exportWith()).not.toBe(fits); // used once: the next export takes new memory again
    const small = lent(size + 8192);
    const large = lent(size + 65_536);
    expect(exportWith(small, large)).toBe(large); // the larger of two is kept ...
    const third = lent(size + 65_536);
    expect(exportWith(third, small)).toBe(third); // ... whichever came first
    const tooSmall = lent(size - 4096);
    const tooLarge = lent(3 * size); // the image would leave more than half of it unused
    expect(exportWith(tooSmall)).not.toBe(tooSmall);
    expect(exportWith(tooLarge)).not.toBe(tooLarge);
    const dropped = lent(size);
    expect(exportWith(dropped, null)).not.toBe(dropped);
    instance.wipe();
    instance.lend(lent(size)); // after the end: ignored
  });
});
