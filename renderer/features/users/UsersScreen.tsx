import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../shared/roles';
import type { UserSummary } from '../../../shared/schemas';
import { invoke, useQuery } from '../../api/client';
import { StaffName } from '../../app/StaffName';
import { useUi } from '../../app/store';
import { Checkbox, DataTable, Dialog, ErrorBox, Field, fieldIssue, Notice, useAction, useSortableTable } from '../../ui';
import { SECURITY_EVENTS_SHOWN, SecurityEvents } from '../audit/SecurityEvents';
import { useT, type T } from '../../i18n';
import { PendingGrants } from './PendingGrants';

const col = createColumnHelper<UserSummary>();
/** One empty list for every render while loading: react-table resets its state whenever `data` changes, and re-renders. */
const NONE: UserSummary[] = [];

const roleNames = (t: T, roles: readonly Role[]) => roles.map((r) => t(`role.${r}`)).join(', ');

function rolesOf(t: T, u: UserSummary): string {
  const pending = u.pendingRoles.length ? t('users.pendingRoles', { roles: roleNames(t, u.pendingRoles) }) : '';
  return [roleNames(t, u.roles), pending].filter(Boolean).join('; ');
}

function statusOf(t: T, u: UserSummary): string {
  if (u.disabled) return t('users.disabled');
  if (u.locked) return t('users.locked');
  if (u.mustChangePassphrase) return t('users.mustChange');
  return t('users.active');
}

export function UsersScreen() {
  const t = useT();
  const users = useQuery('users.list', {});
  const security = useQuery('audit.securityEvents', SECURITY_EVENTS_SHOWN);
  const grants = useQuery('users.grants', {});
  const action = useAction();
  // Kept as words to say, not said words: a switch of language redraws it.
  const [notice, setNotice] = useState<((t: T) => string) | null>(null);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const [resetPassphrase, setResetPassphrase] = useState('');
  // Disabling locks a colleague out until their passphrase is reset: asked once more.
  const [disabling, setDisabling] = useState<UserSummary | null>(null);
  const me = useUi((s) => s.status?.session?.username);

  async function act(fn: () => ReturnType<typeof invoke<'users.unlock'>>) {
    setNotice(null);
    if (await action.run(fn)) {
      setNotice(() => (say: T) => say('users.done')); // the lists refresh themselves: the engine reports the change
    }
  }

  const columns = useMemo(
    () => [
      col.accessor('username', { header: () => t('common.username') }),
      col.accessor('displayName', { header: () => t('common.displayName') }),
      col.accessor('roles', { header: () => t('common.roles'), cell: (c) => rolesOf(t, c.row.original) }),
      col.display({ id: 'status', header: () => t('users.status'), cell: (c) => statusOf(t, c.row.original) }),
      col.accessor('createdBy', { header: () => t('users.createdBy'), cell: (c) => { const by = c.getValue(); return by ? <StaffName username={by} /> : '–'; } }),
      col.display({
        id: 'actions',
        header: () => t('users.actions'),
        cell: ({ row: { original: u } }) => (
          <span className="row-actions">
            {u.locked && (
              <button className="small" onClick={() => act(() => invoke('users.unlock', { username: u.username }))}>
                {t('users.unlock')}
              </button>
            )}
            <button className="small secondary" onClick={() => setResetting(u)}>
              {t('users.reset')}
            </button>
            {!u.disabled && u.username !== me && (
              <button className="small danger" onClick={() => setDisabling(u)}>
                {t('users.disable')}
              </button>
            )}
          </span>
        ),
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- columns depend on the language only
    [t('common.username')],
  );

  const table = useSortableTable(users.data ?? NONE, columns);

  return (
    <section>
      <h1>{t('users.title')}</h1>
      {notice && <Notice kind="ok">{notice(t)}</Notice>}
      <ErrorBox error={users.error ?? action.error} />
      <DataTable table={table} label={t('users.title')} />
      {resetting && (
        <form
          className="card row"
          aria-label={t('users.reset')}
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => invoke('users.resetPassphrase', { username: resetting.username, passphrase: resetPassphrase })).then(() => {
              setResetting(null);
              setResetPassphrase('');
            });
          }}
        >
          <Field
            label={t('users.resetPrompt', { name: resetting.displayName })}
            name="resetPassphrase"
            type="password"
            value={resetPassphrase}
            onChange={setResetPassphrase}
            hint={t('users.tempHint')}
            autoComplete="new-password"
          />
          <button type="submit">{t('common.save')}</button>
          <button type="button" className="secondary" onClick={() => setResetting(null)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      {disabling && (
        <Dialog label={t('users.disableTitle', { name: disabling.displayName })} onClose={() => setDisabling(null)}>
          <h3>{t('users.disableTitle', { name: disabling.displayName })}</h3>
          <p>{t('users.disableConfirm', { name: disabling.displayName })}</p>
          <div className="actions">
            <button
              className="danger"
              onClick={() => {
                const u = disabling;
                setDisabling(null);
                void act(() => invoke('users.disable', { username: u.username }));
              }}
            >
              {t('users.disable')}
            </button>
            <button className="secondary" onClick={() => setDisabling(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
      <PendingGrants grants={grants.data} error={grants.error} />
      <SecurityEvents events={security.data} error={security.error} />
      <AddUserForm
        onAdded={(u) => {
          setNotice(() => (say: T) => (u.pendingRoles.length ? say('users.addedPending', { name: u.displayName, roles: roleNames(say, u.pendingRoles) }) : say('users.added', { name: u.displayName })));
        }}
      />
    </section>
  );
}

function AddUserForm({ onAdded }: { onAdded: (user: UserSummary) => void }) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [roles, setRoles] = useState<Role[]>(['screener']);
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const u = await run(() => invoke('users.add', { username, displayName, passphrase, roles }));
    if (u) {
      setUsername('');
      setDisplayName('');
      setPassphrase('');
      onAdded(u);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-label={t('users.add')}>
      <h2>{t('users.add')}</h2>
      <div className="row even">
        <Field
          label={t('common.username')}
          name="newUsername"
          value={username}
          onChange={setUsername}
          hint={t('users.usernameHint')}
          error={fieldIssue(t, error, 'username')}
        />
        <Field label={t('common.displayName')} name="newDisplayName" value={displayName} onChange={setDisplayName} error={fieldIssue(t, error, 'displayName')} />
        <Field label={t('users.tempPassphrase')} name="newPassphrase" type="password" value={passphrase} onChange={setPassphrase} hint={t('users.tempHint')} autoComplete="new-password" error={fieldIssue(t, error, 'passphrase')} />
      </div>
      <fieldset>
        <legend>{t('common.roles')}</legend>
        {ROLES.map((r) => (
          <Checkbox key={r} checked={roles.includes(r)} onChange={(on) => setRoles(on ? [...roles, r] : roles.filter((x) => x !== r))}>
            {t(`role.${r}`)}
          </Checkbox>
        ))}
        {fieldIssue(t, error, 'roles') && <p className="field-error">{fieldIssue(t, error, 'roles')}</p>}
      </fieldset>
      <ErrorBox error={error} />
      <button type="submit" disabled={busy}>
        {t('users.add')}
      </button>
    </form>
  );
}
