/**
 * Entity merges on the actor page: everyone sees which entities were merged into this one (who,
 * when, why); analysts and admins can unmerge each of them, and merge another entity into this
 * one — search as you type over `/api/entities?q=`, each match with its kind and incident count,
 * then a confirmation that names both entities. Viewers and anonymous users see no controls,
 * and the API refuses them anyway.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, type EntityMergeRecord, type EntityRecord } from '../api';
import { formatCount, formatDateTime } from '../format';
import { Link } from '../router';
import { canReview, useSession } from '../session';
import { ErrorBox } from './common';

const actorLink = (id: string) => `/actors/${encodeURIComponent(id)}`;
const kindLabel = (kind: string) => kind.replace(/_/g, ' ');
const plural = (n: number, one: string) => `${formatCount(n)} ${one}${n === 1 ? '' : 's'}`;

/** A search match with its incident count (fetched per match; null while loading). */
interface Candidate {
  entity: EntityRecord;
  incidents: number | null;
}

/** Search-as-you-type over the entities, without `self`; the newest query wins. */
function useEntitySearch(q: string, self: string) {
  const [items, setItems] = useState<Candidate[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const text = q.trim();
    setError(null);
    if (text.length < 2) {
      setItems(null);
      return;
    }
    const t = setTimeout(() => {
      api.entities(new URLSearchParams({ q: text, limit: '9' }).toString()).then(
        (page) => {
          if (n !== seq.current) return;
          const found = page.items.filter((e) => e.id !== self).slice(0, 8);
          setItems(found.map((entity) => ({ entity, incidents: null })));
          for (const e of found) {
            api.entityIncidents(e.id, 'limit=1&background=true').then(
              (p) => n === seq.current && setItems((cur) => cur?.map((c) => (c.entity.id === e.id ? { ...c, incidents: p.total } : c)) ?? cur),
              () => {},
            );
          }
        },
        (err) => n === seq.current && setError(err),
      );
    }, 250);
    return () => clearTimeout(t);
  }, [q, self]);
  return { items, error };
}

function CandidateLine({ c }: { c: Candidate }) {
  const e = c.entity;
  return (
    <>
      <span className="cell-main">{e.canonical}</span> <span className="chip">{kindLabel(e.kind)}</span>
      <span className="muted small">
        {c.incidents === null ? 'counting incidents…' : plural(c.incidents, 'incident')} · {plural(e.mentionCount, 'mention')}
        {e.aliases.length > 0 && <> · also {e.aliases.slice(0, 3).join(', ')}{e.aliases.length > 3 ? '…' : ''}</>}
      </span>
    </>
  );
}

function MergeForm({ into, incidents, onMerged }: { into: EntityRecord; incidents: number | null; onMerged: (from: EntityRecord) => void }) {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Candidate | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { items, error: searchError } = useEntitySearch(picked ? '' : q, into.id);
  const inputId = useId();
  const statusId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (picked) confirmRef.current?.focus();
  }, [picked]);

  const options = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
  /** Arrow keys move between the input and the matches; Escape goes back to the input. */
  const onKeys = (ev: KeyboardEvent) => {
    const all = options();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (ev.key === 'ArrowDown' && all.length) {
      ev.preventDefault();
      all[Math.min(all.length - 1, at + 1)]!.focus();
    } else if (ev.key === 'ArrowUp' && at >= 0) {
      ev.preventDefault();
      if (at === 0) inputRef.current?.focus();
      else all[at - 1]!.focus();
    } else if (ev.key === 'Escape' && at >= 0) {
      inputRef.current?.focus();
    }
  };

  const cancel = () => {
    setPicked(null);
    setError(null);
    setTimeout(() => inputRef.current?.focus(), 0);
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      await api.mergeEntities([into.id, picked.entity.id], reason.trim() || undefined);
      const from = picked.entity;
      setPicked(null);
      setQ('');
      setReason('');
      onMerged(from);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (picked) {
    const from = picked.entity;
    return (
      <form className="merge-confirm" onSubmit={submit} aria-label={`Confirm merging ${from.canonical} into ${into.canonical}`} data-testid="merge-confirm">
        <div ref={confirmRef} tabIndex={-1} className="merge-question">
          <p>
            Merge <b>{from.canonical}</b> <span className="muted">({kindLabel(from.kind)}, {picked.incidents === null ? 'incidents not counted' : plural(picked.incidents, 'incident')})</span> into{' '}
            <b>{into.canonical}</b> <span className="muted">({kindLabel(into.kind)}{incidents === null ? '' : `, ${plural(incidents, 'incident')}`})</span>?
          </p>
          <p className="muted small">
            The mentions, perpetrator links, names and branches of {from.canonical} move to {into.canonical}, and {from.canonical} no longer has a page of its own. Re-extraction keeps the merge;
            Unmerge undoes it.
          </p>
          {from.kind !== into.kind && (
            <p className="merge-warning">
              These are of different kinds: {kindLabel(from.kind)} and {kindLabel(into.kind)}.
            </p>
          )}
        </div>
        <label className="field">
          <span>Why (kept with the merge)</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
        </label>
        {error ? <ErrorBox error={error} /> : null}
        <div className="row">
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? 'Merging…' : `Merge ${from.canonical} into ${into.canonical}`}
          </button>
          <button className="btn" type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  const text = q.trim();
  const status =
    text.length < 2 ? 'Type at least two letters of a name or alias.' : items === null ? 'Searching…' : items.length === 0 ? `No other entity matches “${text}”.` : `${formatCount(items.length)} match${items.length === 1 ? '' : 'es'}${items.length === 8 ? ' (the first 8; type more to narrow)' : ''}.`;
  return (
    <div className="merge-search" onKeyDown={onKeys}>
      <label className="field field-wide">
        <span>Merge another entity into this one</span>
        <input
          id={inputId}
          ref={inputRef}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Name or alias, e.g. a spelling variant"
          autoComplete="off"
          aria-describedby={statusId}
          aria-controls={items && items.length > 0 ? `${inputId}-list` : undefined}
        />
      </label>
      <p id={statusId} className="muted small merge-status" role="status">
        {status}
      </p>
      {searchError ? <ErrorBox error={searchError} /> : null}
      {items && items.length > 0 && (
        <ul className="merge-results" id={`${inputId}-list`} ref={listRef} aria-label="Matching entities">
          {items.map((c) => (
            <li key={c.entity.id}>
              <button type="button" className="merge-option" onClick={() => setPicked(c)} aria-label={`Choose ${c.entity.canonical} (${kindLabel(c.entity.kind)}, ${c.incidents === null ? 'incidents not counted yet' : plural(c.incidents, 'incident')})`}>
                <CandidateLine c={c} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The merges section of the actor page for `entity`; `onChange` reloads the page's data. */
export function MergePanel({ entity, incidents, version, onChange }: { entity: EntityRecord; incidents: number | null; version: number; onChange: () => void }) {
  const me = useSession();
  const reviewer = canReview(me);
  const [merges, setMerges] = useState<EntityMergeRecord[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<{ text: string; link?: { to: string; label: string } } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    api.entityMerges(entity.id).then((r) => setMerges(r.items), () => setMerges([]));
  }, [entity.id, version]);
  useEffect(() => {
    setNotice(null);
    setError(null);
  }, [entity.id]);

  const active = merges.filter((m) => m.intoId === entity.id && !m.undoneAt);
  const undone = merges.filter((m) => m.undoneAt);

  const unmerge = async (m: EntityMergeRecord) => {
    setBusy(m.fromId);
    setError(null);
    setNotice(null);
    try {
      const restored = await api.unmergeEntity(m.fromId);
      setNotice({ text: `Unmerged ${restored.canonical}; it has its own page again: `, link: { to: actorLink(restored.id), label: restored.canonical } });
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card actor-merges" aria-labelledby="h-merges" data-testid="entity-merges">
      <h2 id="h-merges">Merges</h2>
      {active.length === 0 ? (
        <p className="muted small">No other entity has been merged into this one.</p>
      ) : (
        <>
          <h3>Merged into this entity</h3>
          <ul className="plain-list merged-list" data-testid="merged-list">
            {active.map((m) => (
              <li key={m.id}>
                <div>
                  <b>{m.fromCanonical}</b> <span className="muted small">· {m.by}, {formatDateTime(m.at)}</span>
                  {m.reason && <span className="muted small"> — “{m.reason}”</span>}
                </div>
                {reviewer && (
                  <button type="button" className="btn btn-small" onClick={() => void unmerge(m)} disabled={busy !== null} aria-label={`Unmerge ${m.fromCanonical}`}>
                    {busy === m.fromId ? 'Unmerging…' : 'Unmerge'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {notice && (
        <p className="form-notice" role="status">
          {notice.text}
          {notice.link && <Link to={notice.link.to}>{notice.link.label}</Link>}
        </p>
      )}
      {error ? <ErrorBox error={error} /> : null}
      {reviewer ? (
        <MergeForm
          into={entity}
          incidents={incidents}
          onMerged={(from) => {
            setNotice({ text: `Merged ${from.canonical} into ${entity.canonical}.` });
            onChange();
          }}
        />
      ) : (
        <p className="muted small" data-testid="merge-locked">
          {me?.user ? `You are a ${me.user.role}: merging needs an analyst.` : <><Link to={`/login?next=${encodeURIComponent(actorLink(entity.id))}`}>Log in</Link> as an analyst to merge or unmerge entities.</>}
        </p>
      )}
      {undone.length > 0 && (
        <details className="merge-history">
          <summary>Undone merges ({undone.length})</summary>
          <ul className="plain-list small">
            {undone.map((m) => (
              <li key={m.id}>
                {m.fromCanonical} into {m.intoId === entity.id ? 'this entity' : m.intoId} · merged by {m.by}, unmerged by {m.undoneBy} {formatDateTime(m.undoneAt)}
                {m.undoReason && <span className="muted"> — “{m.undoReason}”</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** On the page of an entity that was merged away: where it went, and (for analysts) an unmerge. */
export function MergedAway({ id, onChange }: { id: string; onChange: () => void }) {
  const reviewer = canReview(useSession());
  const [merge, setMerge] = useState<EntityMergeRecord | null>(null);
  const [intoName, setIntoName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setMerge(null);
    setIntoName(null);
    api.entityMerges(id).then(
      (r) => {
        const m = r.items.find((x) => x.fromId === id && !x.undoneAt) ?? null;
        setMerge(m);
        if (m) api.entity(m.intoId).then((e) => setIntoName(e.canonical), () => {});
      },
      () => setMerge(null),
    );
  }, [id]);
  if (!merge) return null;
  const unmerge = async () => {
    setError(null);
    try {
      await api.unmergeEntity(id);
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card merged-away" data-testid="merged-away">
      <p>
        <b>{merge.fromCanonical}</b> was merged into <Link to={actorLink(merge.intoId)}>{intoName ?? merge.intoId}</Link> by {merge.by}, {formatDateTime(merge.at)}
        {merge.reason && <span className="muted"> — “{merge.reason}”</span>}.
      </p>
      {reviewer && (
        <button type="button" className="btn" onClick={() => void unmerge()}>
          Unmerge {merge.fromCanonical}
        </button>
      )}
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
