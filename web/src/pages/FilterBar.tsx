/**
 * The incident filter bar shared by the Incidents, Map and Timeline pages: every control writes
 * its value to the URL (the one filter state), so a filter set on one page holds on the others.
 */
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { api, type EntityRecord } from '../api';
import { hasFilter, updateQuery, type FilterKey } from '../filters';
import { ATTACK_TYPES } from '../format';
import { navigate } from '../router';

let groupCache: Promise<EntityRecord[]> | null = null;
/** Armed groups for the group field's suggestions, fetched once per page load. */
function useGroups(): EntityRecord[] {
  const [groups, setGroups] = useState<EntityRecord[]>([]);
  useEffect(() => {
    groupCache ??= api.entities('kind=armed_group&limit=100').then((p) => p.items, () => []);
    let live = true;
    void groupCache.then((g) => live && setGroups(g));
    return () => {
      live = false;
    };
  }, []);
  return groups;
}

/** The actor an `entity` or `mentioning` filter names, with a button to drop it. */
function ActorChip({ query, path }: { query: URLSearchParams; path: string }) {
  const id = query.get('entity') ?? query.get('mentioning');
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    setName(null);
    if (id) api.entity(id).then((e) => setName(e.canonical), () => setName(id));
  }, [id]);
  if (!id) return null;
  const label = query.get('entity') ? 'by' : 'mentioning';
  return (
    <div className="field field-toggle">
      <span className="actor-chip">
        {label} <b>{name ?? id}</b>
        <button type="button" className="chip-x" aria-label={`Remove the actor filter ${name ?? id}`} onClick={() => updateQuery(path, query, { entity: null, mentioning: null })}>
          ×
        </button>
      </span>
    </div>
  );
}

function Field({ label, children, wide }: { label: string; children: (id: string) => ReactNode; wide?: boolean }) {
  const id = useId();
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** A text input that edits locally and writes to the URL after a short pause. */
function DebouncedInput({ id, value, onCommit, ...rest }: { id: string; value: string; onCommit: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => onCommit(draft), 350);
    return () => clearTimeout(t);
  }, [draft]); // eslint-disable-line react-hooks/exhaustive-deps
  return <input id={id} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onCommit(draft)} {...rest} />;
}

export function FilterBar({ query, path }: { query: URLSearchParams; path: string }) {
  const groups = useGroups();
  const get = (k: FilterKey) => query.get(k) ?? '';
  const set = (k: string) => (v: string) => updateQuery(path, query, { [k]: v });
  const active = hasFilter(query);
  const listId = useId();
  return (
    <form className="filters" role="search" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search" wide>
        {(id) => <DebouncedInput id={id} type="search" placeholder="Place, group or title" value={get('q')} onCommit={set('q')} />}
      </Field>
      <Field label="From">{(id) => <input id={id} type="date" value={get('since')} onChange={(e) => set('since')(e.target.value)} />}</Field>
      <Field label="To">{(id) => <input id={id} type="date" value={get('until')} onChange={(e) => set('until')(e.target.value)} />}</Field>
      <Field label="Country">
        {(id) => (
          <DebouncedInput id={id} placeholder="e.g. AF" maxLength={2} value={get('country')} onCommit={(v) => set('country')(v.toUpperCase())} className="input-short" />
        )}
      </Field>
      <Field label="Group">
        {(id) => (
          <>
            <DebouncedInput id={id} list={listId} placeholder="Name or alias" value={get('group')} onCommit={set('group')} />
            <datalist id={listId}>
              {groups.flatMap((g) => [g.canonical, ...g.aliases]).map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Attack type">
        {(id) => (
          <select id={id} value={get('attack_type')} onChange={(e) => set('attack_type')(e.target.value)}>
            <option value="">Any</option>
            {ATTACK_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Min. killed">
        {(id) => <DebouncedInput id={id} type="number" min={0} inputMode="numeric" value={get('min_killed')} onCommit={set('min_killed')} className="input-short" />}
      </Field>
      <div className="field field-toggle">
        <label className="toggle">
          <input type="checkbox" checked={query.get('bg') === '1'} onChange={(e) => updateQuery(path, query, { bg: e.target.checked ? '1' : null })} />
          <span>Include background</span>
        </label>
      </div>
      <ActorChip query={query} path={path} />
      {active && (
        <button type="button" className="btn-link" onClick={() => navigate(path, { replace: true })}>
          Clear filters
        </button>
      )}
    </form>
  );
}

