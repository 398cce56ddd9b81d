/**
 * Small presentational pieces shared by the pages: badges, claim status, loading and error
 * states.
 */
import type { ReactNode } from 'react';
import type { IncidentRecord } from '../api';
import { CLAIM_LABEL } from '../format';

export function StatusBadge({ status }: { status: IncidentRecord['status'] }) {
  const label = status === 'machine' ? 'machine' : status;
  const title = status === 'machine' ? 'Extracted automatically; not yet reviewed' : status === 'verified' ? 'Reviewed by an analyst' : 'Corrected by an analyst';
  return (
    <span className={`badge badge-${status}`} title={title}>
      {label}
    </span>
  );
}

export function BackgroundBadge() {
  return (
    <span className="badge badge-background" title="Mentioned as history, not reported as news">
      background
    </span>
  );
}

export function Claim({ status }: { status: string }) {
  return <span className={`claim claim-${status}`}>{CLAIM_LABEL[status] ?? status}</span>;
}

/** The perpetrators of an incident with their claim status, from the detail record. */
export function Perpetrators({ incident }: { incident: IncidentRecord }) {
  const groups = incident.detail?.perpetrator_groups ?? [];
  if (groups.length === 0 && incident.groups.length === 0) return <span className="muted">unknown</span>;
  if (groups.length === 0) return <>{incident.groups.join(', ')}</>;
  const seen = new Set<string>();
  return (
    <ul className="plain-list">
      {groups
        .filter((g) => (seen.has(g.canonical) ? false : (seen.add(g.canonical), true)))
        .map((g) => (
          <li key={g.canonical}>
            <span className="group-name">{g.canonical}</span> <Claim status={g.claim_status} />
          </li>
        ))}
    </ul>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  const e = error as { code?: string; message?: string };
  return (
    <div className="error-box" role="alert">
      <code>{e.code ?? 'error'}</code> {e.message ?? String(error)}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
