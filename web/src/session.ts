/**
 * Who is logged in, shared by every component: `useSession()` reads `GET /api/auth/me` once and
 * re-renders on login and logout; `canReview` says whether the review controls show. The CSRF
 * token of the session goes to the API client so that writes carry it.
 */
import { useEffect, useState } from 'react';
import { api, setCsrfToken, type Me } from './api';

let current: Me | null = null;
let loading: Promise<Me> | null = null;
const listeners = new Set<(me: Me) => void>();

function publish(me: Me): void {
  current = me;
  setCsrfToken(me.csrfToken);
  for (const l of listeners) l(me);
}

export function refreshSession(): Promise<Me> {
  loading = api.me().then(
    (me) => (publish(me), me),
    () => {
      const me: Me = { user: null, via: null, csrfToken: null, requireLogin: false };
      publish(me);
      return me;
    },
  );
  return loading;
}

export function useSession(): Me | null {
  const [me, setMe] = useState<Me | null>(current);
  useEffect(() => {
    listeners.add(setMe);
    if (!current && !loading) void refreshSession();
    return () => {
      listeners.delete(setMe);
    };
  }, []);
  return me;
}

export async function logIn(name: string, password: string): Promise<void> {
  await api.login(name, password);
  await refreshSession();
}

export async function logOut(): Promise<void> {
  await api.logout().catch(() => undefined);
  await refreshSession();
}

export const canReview = (me: Me | null): boolean => me?.user?.role === 'analyst' || me?.user?.role === 'admin';
