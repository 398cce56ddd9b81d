/**
 * Review on the incident page: analysts and admins verify the record, correct its fields in a
 * form (GTD lists for the types), merge it with another incident or split sources out of it;
 * everyone sees the history of corrections (who, when, before → after). Viewers and anonymous
 * users see no controls, and the API refuses them anyway.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ATTACK_TYPES, TARGET_TYPES, WEAPON_TYPES } from '../../../src/taxonomy.js';
import { api, type CorrectionRecord, type IncidentCorrection, type IncidentRecord } from '../api';
import { formatDateTime } from '../format';
import { Link, navigate } from '../router';
import { canReview, useSession } from '../session';
import { ErrorBox } from './common';

const FIELD_NAMES: Record<string, string> = {
  date: 'date',
  datePrecision: 'date precision',
  placeName: 'place',
  countryCode: 'country',
  lat: 'latitude',
  lon: 'longitude',
  attackTypes: 'attack types',
  weaponTypes: 'weapon types',
  targetTypes: 'target types',
  groups: 'perpetrators',
  killed: 'killed',
  wounded: 'wounded',
  isBackground: 'background',
  status: 'status',
};

const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : Array.isArray(v) ? v.join(', ') || '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function describe(c: CorrectionRecord): string {
  if (c.action === 'correct') return `${FIELD_NAMES[c.field ?? ''] ?? c.field}: ${show(c.before)} → ${show(c.after)}`;
  if (c.action === 'verify') return `verified (${show(c.before)} → ${show(c.after)})`;
  if (c.action === 'merge') return `merged ${show((c.before as { incidents?: string[] })?.incidents)} into this incident`;
  if (c.action === 'split') return `split reports out into ${show((c.after as { incident?: string })?.incident)}`;
  return c.action;
}

function History({ items }: { items: CorrectionRecord[] }) {
  if (items.length === 0) return <p className="muted small">No human changes yet: every field is as the machine extracted it.</p>;
  return (
    <ol className="corrections" data-testid="corrections">
      {items.map((c) => (
        <li key={c.id}>
          <span className="mono small">{formatDateTime(c.at)}</span> · <b>{c.by}</b> · {describe(c)}
          {c.reason && <span className="muted"> — “{c.reason}”</span>}
        </li>
      ))}
    </ol>
  );
}

const numOrNull = (s: string): number | null => (s.trim() === '' ? null : Number(s));

function TypePicker({ label, options, value, onChange }: { label: string; options: readonly string[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset className="type-picker">
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o} className="check">
          <input type="checkbox" checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} /> {o}
        </label>
      ))}
    </fieldset>
  );
}

function EditForm({ inc, onSaved, onCancel }: { inc: IncidentRecord; onSaved: (i: IncidentRecord) => void; onCancel: () => void }) {
  const [date, setDate] = useState(inc.date ?? '');
  const [precision, setPrecision] = useState(inc.datePrecision ?? '');
  const [place, setPlace] = useState(inc.placeName ?? '');
  const [country, setCountry] = useState(inc.countryCode ?? '');
  const [lat, setLat] = useState(inc.lat === null ? '' : String(inc.lat));
  const [lon, setLon] = useState(inc.lon === null ? '' : String(inc.lon));
  const [attack, setAttack] = useState(inc.attackTypes);
  const [weapon, setWeapon] = useState(inc.weaponTypes);
  const [target, setTarget] = useState(inc.targetTypes);
  const [groups, setGroups] = useState(inc.groups.join('; '));
  const [killed, setKilled] = useState(inc.killed === null ? '' : String(inc.killed));
  const [wounded, setWounded] = useState(inc.wounded === null ? '' : String(inc.wounded));
  const [background, setBackground] = useState(inc.isBackground);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: IncidentCorrection = {
      date: date.trim() || null,
      datePrecision: date.trim() ? ((precision || null) as IncidentCorrection['datePrecision']) : null,
      placeName: place.trim() || null,
      countryCode: country.trim().toUpperCase() || null,
      lat: numOrNull(lat),
      lon: numOrNull(lon),
      attackTypes: attack,
      weaponTypes: weapon,
      targetTypes: target,
      groups: groups.split(';').map((g) => g.trim()).filter(Boolean),
      killed: numOrNull(killed),
      wounded: numOrNull(wounded),
      isBackground: background,
    };
    const before: IncidentCorrection = {
      date: inc.date, datePrecision: inc.datePrecision, placeName: inc.placeName, countryCode: inc.countryCode, lat: inc.lat, lon: inc.lon,
      attackTypes: inc.attackTypes, weaponTypes: inc.weaponTypes, targetTypes: inc.targetTypes, groups: inc.groups,
      killed: inc.killed, wounded: inc.wounded, isBackground: inc.isBackground,
    };
    // Send only what changed (lat and lon together), so the history names the fields touched.
    const changed: Record<string, unknown> = {};
    for (const k of Object.keys(next) as Array<keyof IncidentCorrection>) if (JSON.stringify(next[k]) !== JSON.stringify(before[k])) changed[k] = next[k];
    if ('lat' in changed || 'lon' in changed) Object.assign(changed, { lat: next.lat, lon: next.lon });
    if ('date' in changed && !('datePrecision' in changed) && precision === (inc.datePrecision ?? '')) delete changed['datePrecision'];
    if (Object.keys(changed).length === 0) return onCancel();
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.correct(inc.id, { ...changed, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} aria-label="Correct the incident">
      <div className="edit-grid">
        <label className="field"><span>Date (YYYY, YYYY-MM or YYYY-MM-DD)</span><input value={date} onChange={(e) => setDate(e.target.value)} pattern="\d{4}(-\d{2}(-\d{2})?)?" /></label>
        <label className="field">
          <span>Date precision</span>
          <select value={precision} onChange={(e) => setPrecision(e.target.value as typeof precision)}>
            <option value="">from the date</option>
            <option value="day">day</option>
            <option value="month">month</option>
            <option value="year">year</option>
          </select>
        </label>
        <label className="field"><span>Place</span><input value={place} onChange={(e) => setPlace(e.target.value)} /></label>
        <label className="field"><span>Country code</span><input value={country} maxLength={2} onChange={(e) => setCountry(e.target.value)} /></label>
        <label className="field"><span>Latitude</span><input type="number" step="any" min={-90} max={90} value={lat} onChange={(e) => setLat(e.target.value)} /></label>
        <label className="field"><span>Longitude</span><input type="number" step="any" min={-180} max={180} value={lon} onChange={(e) => setLon(e.target.value)} /></label>
        <label className="field"><span>Killed</span><input type="number" min={0} step={1} value={killed} onChange={(e) => setKilled(e.target.value)} /></label>
        <label className="field"><span>Wounded</span><input type="number" min={0} step={1} value={wounded} onChange={(e) => setWounded(e.target.value)} /></label>
        <label className="field field-wide"><span>Perpetrator groups (separated by ;)</span><input value={groups} onChange={(e) => setGroups(e.target.value)} /></label>
        <label className="check"><input type="checkbox" checked={background} onChange={(e) => setBackground(e.target.checked)} /> Background (history, not news)</label>
      </div>
      <TypePicker label="Attack types" options={ATTACK_TYPES} value={attack} onChange={setAttack} />
      <TypePicker label="Weapon types" options={WEAPON_TYPES} value={weapon} onChange={setWeapon} />
      <TypePicker label="Target types" options={TARGET_TYPES} value={target} onChange={setTarget} />
      <label className="field field-wide"><span>Why (kept with the correction)</span><input value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      {error ? <ErrorBox error={error} /> : null}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>Save correction</button>
        <button className="btn" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

export function ReviewPanel({ inc, onChange }: { inc: IncidentRecord; onChange: (i: IncidentRecord) => void }) {
  const me = useSession();
  const [items, setItems] = useState<CorrectionRecord[]>([]);
  const [mode, setMode] = useState<'idle' | 'edit' | 'merge' | 'split'>('idle');
  const [other, setOther] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const reviewer = canReview(me);

  useEffect(() => {
    api.corrections(inc.id).then((r) => setItems(r.items), () => setItems([]));
  }, [inc]);

  const run = async (f: () => Promise<IncidentRecord>, go = false) => {
    setError(null);
    try {
      const out = await f();
      setMode('idle');
      setPicked([]);
      if (go && out.id !== inc.id) navigate(`/incidents/${encodeURIComponent(out.id)}`);
      else onChange(out);
    } catch (err) {
      setError(err);
    }
  };

  const sources = inc.sources ?? [];
  return (
    <section className="card review" aria-labelledby="h-review" data-testid="review">
      <h2 id="h-review">Review</h2>
      {reviewer ? (
        <>
          <div className="row review-actions">
            <button className="btn" onClick={() => void run(() => api.verify(inc.id))} disabled={inc.status !== 'machine'}>
              {inc.status === 'machine' ? 'Verify' : `Reviewed (${inc.status})`}
            </button>
            <button className="btn" onClick={() => setMode(mode === 'edit' ? 'idle' : 'edit')} aria-expanded={mode === 'edit'}>Edit</button>
            <button className="btn" onClick={() => setMode(mode === 'merge' ? 'idle' : 'merge')} aria-expanded={mode === 'merge'}>Merge with…</button>
            <button className="btn" onClick={() => setMode(mode === 'split' ? 'idle' : 'split')} aria-expanded={mode === 'split'} disabled={sources.length < 2}>
              Split…
            </button>
          </div>
          {mode === 'edit' && <EditForm inc={inc} onSaved={(i) => (setMode('idle'), onChange(i))} onCancel={() => setMode('idle')} />}
          {mode === 'merge' && (
            <form className="row" onSubmit={(e) => (e.preventDefault(), void run(() => api.mergeIncidents([inc.id, other.trim()])))}>
              <label className="field"><span>Incident id to merge into this one</span><input value={other} onChange={(e) => setOther(e.target.value)} placeholder="i_…" required /></label>
              <button className="btn btn-primary" type="submit">Merge</button>
            </form>
          )}
          {mode === 'split' && (
            <form onSubmit={(e) => (e.preventDefault(), void run(() => api.splitIncident(inc.id, picked), true))}>
              <p className="muted small">Move the checked sources out into a new incident:</p>
              {sources.map((s) => (
                <label key={s.reportId} className="check">
                  <input type="checkbox" checked={picked.includes(s.reportId)} onChange={(e) => setPicked(e.target.checked ? [...picked, s.reportId] : picked.filter((x) => x !== s.reportId))} />{' '}
                  {s.title ?? s.articleId} <span className="muted small">{s.outlet}</span>
                </label>
              ))}
              <button className="btn btn-primary" type="submit" disabled={picked.length === 0 || picked.length === sources.length}>Split</button>
            </form>
          )}
          {error ? <ErrorBox error={error} /> : null}
        </>
      ) : (
        <p className="muted small" data-testid="review-locked">
          {me?.user ? `You are a ${me.user.role}: reading only.` : <><Link to={`/login?next=${encodeURIComponent(`/incidents/${inc.id}`)}`}>Log in</Link> as an analyst to verify or correct this record.</>}
        </p>
      )}
      <h3 className="small-head">History of corrections</h3>
      <History items={items} />
    </section>
  );
}
