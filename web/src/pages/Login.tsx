/**
 * The login page: user name and password against `POST /api/auth/login`, then back to where
 * the user came from (`?next=`). Accounts are made by an admin (`vigil user add`).
 */
import { useState, type FormEvent } from 'react';
import { navigate } from '../router';
import { logIn, logOut, useSession } from '../session';
import { ErrorBox } from './common';

export function LoginPage({ next }: { next: string | null }) {
  const me = useSession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(name, password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page login-page">
      <form className="card login-card" onSubmit={submit} aria-labelledby="h-login">
        <h1 id="h-login">Log in to Vigil</h1>
        {me?.user ? (
          <p>
            You are logged in as <b>{me.user.name}</b> ({me.user.role}).{' '}
            <button type="button" className="btn-link" onClick={() => void logOut()}>
              Log out
            </button>
          </p>
        ) : (
          <p className="muted">{me?.requireLogin ? 'This Vigil needs a login to read.' : 'Reading is open; analysts log in to verify and correct records.'}</p>
        )}
        <label className="field">
          <span>User name</span>
          <input name="username" autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? <ErrorBox error={error} /> : null}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted small">No account? An admin creates one with <code>vigil user add NAME --role analyst</code>.</p>
      </form>
    </div>
  );
}
