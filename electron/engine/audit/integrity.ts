/** The DPO's view of what protects the log: their key, every DPO key, the witness file, and what was found. */
import { dirname } from 'node:path';
import type { Database } from 'sql.js';
import type { IntegrityEvent, IntegrityStatus } from '../../../shared/schemas';
import { INTEGRITY_ACTIONS, readIntegrityDetail } from '../base/audit-log/integrity-events';
import { formatFingerprint, keyFileText } from '../base/audit-log/log-key';
import { all } from '../base/database';
import type { EngineDeps } from '../base/deps';
import { unitOf, witnessPathOf, type OpenWorkspace } from '../base/workspace/store';

const A = INTEGRITY_ACTIONS;
const KIND_OF: Record<string, IntegrityEvent['kind']> = {
  [A.journalMissing]: 'journal-missing',
  [A.journalOlder]: 'journal-older',
  [A.journalTorn]: 'journal-torn',
  [A.journalDamaged]: 'journal-damaged',
  [A.journalRejected]: 'journal-rejected',
  [A.witnessMissing]: 'witness-missing',
  [A.witnessUnavailable]: 'witness-unavailable',
  [A.witnessUnreadable]: 'witness-unreadable',
  [A.witnessBehind]: 'witness-behind',
  [A.witnessMismatch]: 'witness-mismatch',
  [A.witnessBadSignature]: 'witness-bad-signature',
  [A.witnessWriteFailed]: 'witness-write-failed',
  [A.logKeyNew]: 'log-key-new',
  [A.upgraded]: 'workspace-upgraded',
  /** The DPO's own call, when it succeeded. */
  'audit.setWitness': 'witness-moved',
};

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The newest `limit` integrity events. The action index keeps this to the few matching rows. */
export function integrityEvents(db: Database, limit: number): IntegrityEvent[] {
  const actions = Object.keys(KIND_OF);
  const rows = all(
    db,
    `SELECT seq, time, user, action, outcome, detail FROM audit_log WHERE action IN (${placeholders(actions.length)}) ORDER BY seq DESC LIMIT ?`,
    [...actions, limit],
  ).filter((r) => r.action !== 'audit.setWitness' || r.outcome === 'ok');
  return rows.map((r) => {
    const d = readIntegrityDetail(String(r.detail));
    return { seq: Number(r.seq), time: String(r.time), kind: KIND_OF[String(r.action)]!, by: String(r.user), count: d.count, at: d.at, signed: d.signed };
  });
}

export function integrityStatus(deps: EngineDeps, ws: OpenWorkspace, username: string): IntegrityStatus {
  const keys = ws.audit.keys();
  const own = ws.signer;
  const ownRow = own ? keys.find((k) => k.keyId === own.keyId) : undefined;
  const path = witnessPathOf(deps, ws.db);
  const last = ws.witnessedSeq > 0 ? ws.audit.checkpoints({ signedByDpo: true }).find((c) => c.seq === ws.witnessedSeq) : undefined;
  return {
    key: own
      ? {
          fingerprint: formatFingerprint(own.keyId),
          createdAt: ownRow?.createdAt ?? '',
          fileName: `tvaerblik-loggens-noegle-${own.keyId.slice(0, 8)}.txt`,
          fileText: keyFileText(own, { unitName: unitOf(ws).name, holder: username, createdAt: ownRow?.createdAt ?? '' }),
        }
      : null,
    keys: keys.map((k) => ({ holder: k.username, fingerprint: formatFingerprint(k.keyId), createdAt: k.createdAt, yours: k.keyId === own?.keyId })),
    witness: {
      path,
      besideWorkspace: dirname(path) === dirname(deps.workspacePath),
      lastCheckpoint: last ? { seq: last.seq, time: last.time } : null,
      failures: ws.audit.witnessFailures,
    },
    events: integrityEvents(ws.db, 100),
  };
}
