/// <reference types="vite/client" />
/**
 * A page with the app's own DataTable and N generated rows (N from the URL's ?rows=), for the
 * test that a very long candidate list renders only what is in view, scrolls and sorts. Built by
 * that test with Vite; never part of the app.
 */
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { DataTable, useSortableTable } from '../../../renderer/ui/DataTable';
import '../../../renderer/styles.css';

interface Candidate {
  pseudonym: string;
  services: number;
  sectors: number;
}

const n = Number(new URLSearchParams(location.search).get('rows') ?? '100000');
// Deterministic rows: pseudonym by index, counts that sort differently from the index.
const data: Candidate[] = Array.from({ length: n }, (_, i) => ({ pseudonym: `P-${String(i).padStart(6, '0')}`, services: (i * 7919) % 1000, sectors: (i % 6) + 1 }));
const col = createColumnHelper<Candidate>();
const columns = [col.accessor('pseudonym', { header: 'Pseudonym' }), col.accessor('services', { header: 'Ydelser' }), col.accessor('sectors', { header: 'Sektorer' })];

function Harness() {
  const table = useSortableTable(data, columns);
  const [opened, setOpened] = useState('');
  return (
    <main className="content">
      <h1>Kandidater</h1>
      <p role="status">{opened && `Åbnet: ${opened}`}</p>
      <DataTable table={table} label="Kandidater" onRowActivate={(r) => setOpened(r.original.pseudonym)} />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Harness />);
(window as unknown as { __rendered: number }).__rendered = performance.now();
