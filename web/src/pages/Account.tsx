/**
 * The account page (`/account`, from the user name in the top bar). Every logged-in user lists,
 * creates and revokes their own API tokens; a new token expires after the lifetime chosen (90
 * days unless changed, or never) and its secret is shown once, with a copy button. Admins also
 * see every user's tokens on request, and manage users: add one (name, role, password), change
 * a role, disable or enable, reset a password. Without a login the page says what needs one.
 * Every write carries the session's CSRF token (`api.ts`).
 */
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ROLES } from '../../../src/auth/roles.js';
import { api, type Role, type TokenRecord, type UserRecord } from '../api';
import { formatDateTime } from '../format';
import { Link } from '../router';
import { refreshSession, useSession } from '../session';
import { Empty, ErrorBox } from './common';

/** The lifetimes offered for a new token, in days; null: it never expires. */
const TOKEN_LIFETIMES: Array<{ label: string; days: number | null }> = [
  { label: 'Never', days: null },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];
const DEFAULT_TOKEN_DAYS = 90;

const isExpired = (t: TokenRecord, now = Date.now()): boolean => t.expiresAt !== null && Date.parse(t.expiresAt) <= now;

const ROLE_NOTE: Record<Role, string> = {
  viewer: 'You can read everything.',
  analyst: 'You can read, verify, correct and merge records, and add sources.',
  admin: 'You can do what an analyst does, and manage users and everyone’s tokens.',
};

/** Copies `text`; falls back to selecting `input` and `execCommand` where the Clipboard API is missing (plain http). */
async function copy(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** The secret of a token just created: shown once, with a copy button. */
function NewSecret({ name, secret, expiresAt, onDone }: { name: string; secret: string; expiresAt: string | null; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const id = useId();
  useEffect(() => box.current?.focus(), []);
  return (
    <div className="secret-box" ref={box} tabIndex={-1} role="region" aria-labelledby={`${id}-h`} data-testid="new-token">
      <p id={`${id}-h`}>
        <b>Token “{name}” created.</b> Copy it now: <strong>you will not see this secret again.</strong> Vigil keeps only a hash of it.{' '}
        {expiresAt ? `It stops working on ${formatDateTime(expiresAt)}.` : 'It never expires.'}
      </p>
      <div className="add-row">
        <input id={id} ref={input} readOnly value={secret} className="mono" aria-label={`Secret of the token ${name}`} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn btn-primary" onClick={() => void copy(secret, input.current).then(setCopied)}>
          Copy
        </button>
      </div>
      <p className="small" role="status">
        {copied === true ? 'Copied to the clipboard.' : copied === false ? 'Could not copy: select the secret and copy it by hand.' : ''}
      </p>
      <p className="muted small">
        Scripts send it as <code>Authorization: Bearer vigil_…</code>, for example{' '}
        <code>curl -H "Authorization: Bearer $VIGIL_TOKEN" {window.location.origin}/api/incidents</code>. It acts with its owner’s role.
      </p>
      <button type="button" className="btn" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

function Tokens({ me }: { me: UserRecord }) {
  const admin = me.role === 'admin';
  const [all, setAll] = useState(false);
  const [items, setItems] = useState<TokenRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [lifetime, setLifetime] = useState<number | null>(DEFAULT_TOKEN_DAYS);
  const [formError, setFormError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ name: string; secret: string; expiresAt: string | null } | null>(null);
  const nameId = useId();
  const expiresId = useId();

  const load = () => api.tokens(all).then((r) => (setItems(r.items), setError(null)), setError);
  useEffect(() => {
    void load();
  }, [all]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    try {
      const out = await api.createToken(name.trim(), lifetime);
      setCreated({ name: out.token.name, secret: out.secret, expiresAt: out.token.expiresAt });
      setName('');
      await load();
    } catch (err) {
      setFormError(err);
    }
  };

  const revoke = async (t: TokenRecord) => {
    const whose = t.userId === me.id ? '' : ` of ${t.userName}`;
    if (!window.confirm(`Revoke the token “${t.name}”${whose}? Scripts using it will be refused at once; this cannot be undone.`)) return;
    setError(null);
    try {
      await api.revokeToken(t.id);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card account-section" aria-labelledby="h-tokens" data-testid="tokens">
      <h2 id="h-tokens">API tokens</h2>
      <p className="muted small">
        A token lets a script read (and, for an analyst, write) through the API as you, without your password. It stops working when it expires; revoke it when
        the script is retired.
      </p>
      <form className="token-form" onSubmit={submit}>
        <div className="user-grid">
          <div className="field field-wide">
            <label htmlFor={nameId}>New token name</label>
            <input id={nameId} required maxLength={100} placeholder="e.g. nightly CSV export" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={expiresId}>Expires</label>
            <select id={expiresId} value={lifetime ?? ''} onChange={(e) => setLifetime(e.target.value ? Number(e.target.value) : null)}>
              {TOKEN_LIFETIMES.map((l) => (
                <option key={l.label} value={l.days ?? ''}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary">
            Create token
          </button>
        </div>
        {formError ? <ErrorBox error={formError} /> : null}
      </form>
      {created && <NewSecret name={created.name} secret={created.secret} expiresAt={created.expiresAt} onDone={() => setCreated(null)} />}
      {admin && (
        <label className="toggle">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> <span>Show every user’s tokens</span>
        </label>
      )}
      {error ? <ErrorBox error={error} /> : null}
      {items && items.length === 0 ? (
        <Empty>No tokens yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                {all && <th scope="col">Owner</th>}
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items?.map((t) => (
                <tr key={t.id} className={t.revokedAt || isExpired(t) ? 'row-revoked' : undefined}>
                  <td>
                    <div className="cell-main">{t.name}</div>
                    <div className="cell-sub mono">{t.id}</div>
                  </td>
                  {all && <td>{t.userName}</td>}
                  <td className="nowrap">{formatDateTime(t.createdAt)}</td>
                  <td className="nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="muted">revoked {formatDateTime(t.revokedAt)}</span>
                    ) : isExpired(t) ? (
                      <span className="muted">expired</span>
                    ) : (
                      <span className="status-ok">active</span>
                    )}
                  </td>
                  <td className="actions nowrap">
                    {!t.revokedAt && (
                      <button type="button" className="btn-link danger" onClick={() => void revoke(t)} aria-label={`Revoke the token ${t.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RoleSelect({ value, onChange, id }: { value: Role; onChange: (r: Role) => void; id?: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function AddUser({ onAdded }: { onAdded: (u: UserRecord) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const u = await api.createUser(name.trim(), role, password);
      setName('');
      setPassword('');
      onAdded(u);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="user-form" onSubmit={submit} aria-labelledby="h-add-user">
      <h3 id="h-add-user">Add a user</h3>
      <div className="user-grid">
        <label className="field">
          <span>User name</span>
          <input required maxLength={64} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <RoleSelect value={role} onChange={setRole} />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" required autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add user'}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}

/** Role, disabled and a new password for one user; sends only what changed. */
function EditUser({ user, me, onSaved, onCancel }: { user: UserRecord; me: UserRecord; onSaved: (u: UserRecord) => void; onCancel: () => void }) {
  const [role, setRole] = useState<Role>(user.role);
  const [disabled, setDisabled] = useState(user.disabled);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const self = user.id === me.id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: { role?: Role; disabled?: boolean; password?: string } = {};
    if (role !== user.role) patch.role = role;
    if (disabled !== user.disabled) patch.disabled = disabled;
    if (password) patch.password = password;
    if (Object.keys(patch).length === 0) return onCancel();
    if (self && (patch.disabled || (patch.role && patch.role !== 'admin')) && !window.confirm('This takes away your own admin rights or access. Continue?')) return;
    setError(null);
    setBusy(true);
    try {
      onSaved(await api.updateUser(user.id, patch));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="user-form" onSubmit={submit} aria-label={`Change the account of ${user.name}`}>
      <div className="user-grid">
        <label className="field">
          <span>Role of {user.name}</span>
          <RoleSelect value={role} onChange={setRole} />
        </label>
        <label className="field">
          <span>New password (empty: unchanged)</span>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="toggle">
          <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} /> <span>Disabled (cannot log in; tokens refused)</span>
        </label>
      </div>
      <p className="muted small">A new password or disabling ends the user’s open sessions.</p>
      {error ? <ErrorBox error={error} /> : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Users({ me }: { me: UserRecord }) {
  const [items, setItems] = useState<UserRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () => api.users().then((r) => (setItems(r.items), setError(null)), setError);
  useEffect(() => {
    void load();
  }, []);
  const saved = async (u: UserRecord, what: string) => {
    setEditing(null);
    setNotice(what);
    await load();
    if (u.id === me.id) await refreshSession();
  };
  return (
    <section className="card account-section" aria-labelledby="h-users" data-testid="users">
      <h2 id="h-users">Users</h2>
      <p className="muted small">Viewers read, analysts also review, merge and add sources, admins also manage users. Only admins see this section.</p>
      <AddUser onAdded={(u) => void saved(u, `Added ${u.name} (${u.role}).`)} />
      {notice && (
        <p className="form-notice" role="status">
          {notice}
        </p>
      )}
      {error ? <ErrorBox error={error} /> : null}
      <div className="table-wrap">
        <table className="users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items?.map((u) => (
              <Fragment key={u.id}>
                <tr data-user={u.name}>
                  <td className="cell-main">
                    {u.name}
                    {u.id === me.id && <span className="muted"> (you)</span>}
                  </td>
                  <td>
                    <span className="chip">{u.role}</span>
                  </td>
                  <td>{u.disabled ? <span className="muted">disabled</span> : <span className="status-ok">active</span>}</td>
                  <td className="nowrap">{formatDateTime(u.createdAt)}</td>
                  <td className="actions nowrap">
                    <button type="button" className="btn-link" aria-expanded={editing === u.id} onClick={() => setEditing(editing === u.id ? null : u.id)} aria-label={`Change ${u.name}`}>
                      Change…
                    </button>
                  </td>
                </tr>
                {editing === u.id && (
                  <tr className="row-detail">
                    <td colSpan={5}>
                      <EditUser user={u} me={me} onSaved={(x) => void saved(x, `Saved ${x.name}: ${x.role}${x.disabled ? ', disabled' : ''}.`)} onCancel={() => setEditing(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AccountPage() {
  const me = useSession();
  if (!me) return <div className="page loading">Loading…</div>;
  if (!me.user) {
    return (
      <div className="page account-page">
        <h1>Account</h1>
        <div className="card account-section" data-testid="account-anonymous">
          <p>You are not logged in.</p>
          <p className="muted">
            {me.requireLogin ? 'This Vigil needs a login even to read.' : 'Reading is open on this Vigil without an account.'} API tokens, reviewing and user management need an
            account: <Link to="/login?next=/account">log in</Link>. An admin creates accounts here or with <code>vigil user add NAME --role analyst</code>, and tokens with{' '}
            <code>vigil token create NAME</code>.
          </p>
        </div>
      </div>
    );
  }
  const user = me.user;
  return (
    <div className="page account-page">
      <div className="page-head">
        <div>
          <h1>Account</h1>
          <p className="lede">
            Logged in as <b>{user.name}</b> ({user.role}{me.via === 'token' ? ', through an API token' : ''}). {ROLE_NOTE[user.role]}
          </p>
        </div>
      </div>
      <Tokens me={user} />
      {user.role === 'admin' && <Users me={user} />}
    </div>
  );
}
