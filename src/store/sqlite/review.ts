/**
 * The SQL side of accounts and review for the SQLite store: users, sessions and API tokens
 * (secrets arrive hashed from `src/auth`), and the human changes an analyst makes — verifying
 * and correcting incidents, merging and unmerging entities — each stored as a row of
 * `corrections` with who, when, before and after.
 *
 * Why corrections stick: a corrected or verified incident is never recomputed by fusion
 * (`fusion.ts` `refreshIncident` only updates its sources), so a re-ingested article adds its
 * new report as a source and leaves the analyst's fields alone. Entity merges are redirects
 * (`entity_merges`) that `applyEntityMerges` re-applies after every ingest, so an entity that a
 * new article brings back is folded into its survivor again. Functions run inside the caller's
 * transaction.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { VigilError } from '../../errors.js';
import type { CorrectionRecord, EntityMergeRecord, ExtractedIncident, IncidentCorrection, Role, TokenRecord, UserRecord } from '../../model.js';
import { entityId, foldName } from '../ids.js';

type DB = Database.Database;

// ---------------------------------------------------------------------------------------------
// Users, sessions, tokens
// ---------------------------------------------------------------------------------------------

interface UserRow {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
}

const toUser = (r: UserRow): UserRecord => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at });

export function createUser(db: DB, u: { name: string; role: Role; passwordHash: string }, now: string): UserRecord {
  const name = u.name.trim();
  if (!name) throw new VigilError('api.invalid_request', 'a user needs a name');
  if (db.prepare('SELECT 1 FROM users WHERE name_norm = ?').get(foldName(name))) throw new VigilError('store.conflict', `the user ${name} exists`);
  const id = `u_${randomUUID().replace(/-/gu, '').slice(0, 16)}`;
  db.prepare('INSERT INTO users (id, name, name_norm, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    name,
    foldName(name),
    u.role,
    u.passwordHash,
    now,
    now,
  );
  return getUser(db, id)!;
}

export function findUser(db: DB, name: string): (UserRecord & { passwordHash: string }) | null {
  const r = db.prepare('SELECT * FROM users WHERE name_norm = ?').get(foldName(name)) as UserRow | undefined;
  return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
}

export function getUser(db: DB, id: string): UserRecord | null {
  const r = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return r ? toUser(r) : null;
}

export function listUsers(db: DB): UserRecord[] {
  return (db.prepare('SELECT * FROM users ORDER BY name_norm').all() as UserRow[]).map(toUser);
}

export function updateUser(db: DB, id: string, patch: { role?: Role; passwordHash?: string; disabled?: boolean }, now: string): UserRecord {
  if (!getUser(db, id)) throw new VigilError('store.not_found', `no user ${id}`);
  if (patch.role !== undefined) db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?').run(patch.role, now, id);
  if (patch.disabled !== undefined) db.prepare('UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?').run(patch.disabled ? 1 : 0, now, id);
  if (patch.passwordHash !== undefined) {
    db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(patch.passwordHash, now, id);
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  }
  if (patch.disabled) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  return getUser(db, id)!;
}

export function createSession(db: DB, s: { idHash: string; userId: string; expiresAt: string }, now: string): void {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(s.idHash, s.userId, now, s.expiresAt);
}

export function sessionUser(db: DB, idHash: string, now: string): { user: UserRecord; expiresAt: string } | null {
  const r = db
    .prepare('SELECT u.*, s.expires_at AS session_expires FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?')
    .get(idHash, now) as (UserRow & { session_expires: string }) | undefined;
  return r ? { user: toUser(r), expiresAt: r.session_expires } : null;
}

export function deleteSession(db: DB, idHash: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

interface TokenRow {
  id: string;
  user_id: string;
  user_name: string;
  name: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

const TOKEN_SELECT = 'SELECT t.*, u.name AS user_name FROM api_tokens t JOIN users u ON u.id = t.user_id';
const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  userId: r.user_id,
  userName: r.user_name,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  expiresAt: r.expires_at,
});

export function createToken(db: DB, t: { id: string; userId: string; name: string; secretHash: string; expiresAt?: string | null }, now: string): TokenRecord {
  if (!getUser(db, t.userId)) throw new VigilError('store.not_found', `no user ${t.userId}`);
  db.prepare('INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(t.id, t.userId, t.name, t.secretHash, now, t.expiresAt ?? null);
  return toToken(db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`).get(t.id) as TokenRow);
}

export function listTokens(db: DB, userId?: string): TokenRecord[] {
  const rows = (userId
    ? db.prepare(`${TOKEN_SELECT} WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id`).all(userId)
    : db.prepare(`${TOKEN_SELECT} ORDER BY t.created_at DESC, t.id`).all()) as TokenRow[];
  return rows.map(toToken);
}

export function tokenUser(db: DB, id: string): { token: TokenRecord; secretHash: string; user: UserRecord } | null {
  const t = db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`).get(id) as TokenRow | undefined;
  if (!t) return null;
  const user = getUser(db, t.user_id);
  return user ? { token: toToken(t), secretHash: t.secret_hash, user } : null;
}

export function revokeToken(db: DB, id: string, now: string): boolean {
  return db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0;
}

// ---------------------------------------------------------------------------------------------
// Corrections
// ---------------------------------------------------------------------------------------------

interface CorrectionRow {
  id: number;
  at: string;
  by: string;
  target_kind: CorrectionRecord['targetKind'];
  target_id: string;
  action: CorrectionRecord['action'];
  field: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
}

const parse = (s: string | null): unknown => (s == null ? null : (JSON.parse(s) as unknown));

export function recordCorrection(db: DB, c: Omit<CorrectionRecord, 'id'>): void {
  db.prepare('INSERT INTO corrections (at, by, target_kind, target_id, action, field, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    c.at,
    c.by,
    c.targetKind,
    c.targetId,
    c.action,
    c.field,
    JSON.stringify(c.before ?? null),
    JSON.stringify(c.after ?? null),
    c.reason,
  );
}

export function corrections(db: DB, kind: CorrectionRecord['targetKind'], id: string): CorrectionRecord[] {
  const rows = db.prepare('SELECT * FROM corrections WHERE target_kind = ? AND target_id = ? ORDER BY id DESC').all(kind, id) as CorrectionRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    by: r.by,
    targetKind: r.target_kind,
    targetId: r.target_id,
    action: r.action,
    field: r.field,
    before: parse(r.before),
    after: parse(r.after),
    reason: r.reason,
  }));
}

/** Records a merge of incidents on the surviving one. */
export function recordIncidentMerge(db: DB, ids: string[], target: string, by: string, now: string): void {
  recordCorrection(db, { at: now, by, targetKind: 'incident', targetId: target, action: 'merge', field: null, before: { incidents: ids }, after: { incident: target }, reason: null });
}

/** Records a split on the incident split and on the new one. */
export function recordIncidentSplit(db: DB, id: string, reportIds: string[], created: string, by: string, now: string): void {
  for (const target of [id, created]) {
    recordCorrection(db, { at: now, by, targetKind: 'incident', targetId: target, action: 'split', field: null, before: { incident: id }, after: { incident: created, reports: reportIds }, reason: null });
  }
}

interface IncidentFieldsRow {
  id: string;
  status: 'machine' | 'verified' | 'corrected';
  date: string | null;
  date_precision: IncidentCorrection['datePrecision'];
  place_name: string | null;
  country_code: string | null;
  lat: number | null;
  lon: number | null;
  attack_types: string;
  weapon_types: string;
  target_types: string;
  groups: string;
  killed: number | null;
  wounded: number | null;
  is_background: number;
  detail: string;
  search_text: string;
  provenance: string | null;
  article_id: string;
}

function incidentRow(db: DB, id: string): IncidentFieldsRow {
  const r = db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentFieldsRow | undefined;
  if (!r) throw new VigilError('store.not_found', `no incident ${id}`);
  return r;
}

export function verifyIncident(db: DB, id: string, by: string, reason: string | null, now: string): void {
  const r = incidentRow(db, id);
  const after = r.status === 'corrected' ? 'corrected' : 'verified';
  db.prepare('UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?').run(after, now, id);
  recordCorrection(db, { at: now, by, targetKind: 'incident', targetId: id, action: 'verify', field: 'status', before: r.status, after, reason });
}

/** First and last day of a `YYYY[-MM[-DD]]` date, and its precision. */
function dateBounds(date: string): { start: string; end: string; precision: 'day' | 'month' | 'year' } {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(date);
  if (!m) throw new VigilError('api.invalid_request', `not a date: ${date}`);
  const y = m[1]!;
  if (m[2] && m[3]) return { start: date, end: date, precision: 'day' };
  if (m[2]) {
    const last = new Date(Date.UTC(Number(y), Number(m[2]), 0)).getUTCDate();
    return { start: `${y}-${m[2]}-01`, end: `${y}-${m[2]}-${String(last).padStart(2, '0')}`, precision: 'month' };
  }
  return { start: `${y}-01-01`, end: `${y}-12-31`, precision: 'year' };
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const json = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

/**
 * Applies an analyst's field corrections: the columns, the filter tables (groups, attack types),
 * the detail record the pages read, and provenance (a corrected figure's source is `human`).
 * One `corrections` row per changed field; the incident becomes `corrected`.
 */
export function correctIncident(db: DB, id: string, fields: IncidentCorrection, by: string, reason: string | null, now: string): number {
  const r = incidentRow(db, id);
  const current: Required<IncidentCorrection> = {
    date: r.date,
    datePrecision: r.date_precision ?? null,
    placeName: r.place_name,
    countryCode: r.country_code,
    lat: r.lat,
    lon: r.lon,
    attackTypes: json<string[]>(r.attack_types, []),
    weaponTypes: json<string[]>(r.weapon_types, []),
    targetTypes: json<string[]>(r.target_types, []),
    groups: json<string[]>(r.groups, []),
    killed: r.killed,
    wounded: r.wounded,
    isBackground: r.is_background === 1,
  };
  const next: Required<IncidentCorrection> = { ...current };
  for (const [k, v] of Object.entries(fields) as Array<[keyof IncidentCorrection, unknown]>) {
    if (v !== undefined) (next as Record<string, unknown>)[k] = v;
  }
  if (next.countryCode) next.countryCode = next.countryCode.toUpperCase();
  // A new date without a precision takes the precision its form says.
  if (fields.date !== undefined && fields.datePrecision === undefined) next.datePrecision = next.date ? dateBounds(next.date).precision : null;
  const changed = (Object.keys(next) as Array<keyof IncidentCorrection>).filter((k) => !sameValue(current[k], next[k]));
  if (changed.length === 0) return 0;

  const bounds = next.date ? dateBounds(next.date) : null;
  const detail = json<ExtractedIncident>(r.detail, {} as ExtractedIncident);
  detail.date = next.date;
  detail.date_precision = next.datePrecision;
  detail.killed = next.killed;
  detail.wounded = next.wounded;
  detail.is_background = next.isBackground;
  detail.attack_types = next.attackTypes;
  detail.weapon_types = next.weaponTypes;
  detail.target_types = next.targetTypes;
  if (changed.includes('groups')) {
    const keep = (detail.perpetrator_groups ?? []).filter((g) => next.groups.includes(g.canonical));
    const have = new Set(keep.map((g) => g.canonical));
    for (const g of next.groups) {
      // Named by the analyst, not in the text: an empty span.
      if (!have.has(g)) keep.push({ text: g, start: 0, end: 0, canonical: g, entity: entityId('armed_group', g), aliases: [], claimed: false, claim_status: 'attributed' });
    }
    detail.perpetrator_groups = keep;
  }
  if (detail.place && (changed.includes('placeName') || changed.includes('countryCode') || changed.includes('lat') || changed.includes('lon'))) {
    detail.place = { ...detail.place, name: next.placeName ?? detail.place.name, country_code: next.countryCode, lat: next.lat, lon: next.lon };
  }
  const prov = json<Record<string, unknown> | null>(r.provenance ?? 'null', null) ?? {};
  const human = { reportId: `correction:${now}`, articleId: r.article_id, published: now, rule: 'human' };
  if (changed.includes('killed')) prov['killedSource'] = human;
  if (changed.includes('wounded')) prov['woundedSource'] = human;
  const searchText = foldName([r.search_text, next.placeName, ...next.groups].filter((s): s is string => !!s).join(' | '));

  db.prepare(
    `UPDATE incidents SET date = ?, date_precision = ?, date_start = ?, date_end = ?, place_name = ?, country_code = ?, lat = ?, lon = ?,
       attack_types = ?, weapon_types = ?, target_types = ?, groups = ?, killed = ?, wounded = ?, is_background = ?, detail = ?,
       search_text = ?, provenance = ?, status = 'corrected', updated_at = ? WHERE id = ?`,
  ).run(
    next.date,
    next.datePrecision,
    bounds?.start ?? null,
    bounds?.end ?? null,
    next.placeName,
    next.countryCode,
    next.lat,
    next.lon,
    JSON.stringify(next.attackTypes),
    JSON.stringify(next.weaponTypes),
    JSON.stringify(next.targetTypes),
    JSON.stringify(next.groups),
    next.killed,
    next.wounded,
    next.isBackground ? 1 : 0,
    JSON.stringify(detail),
    searchText,
    JSON.stringify(prov),
    now,
    id,
  );
  if (changed.includes('attackTypes')) {
    db.prepare('DELETE FROM incident_attack_types WHERE incident_id = ?').run(id);
    const ins = db.prepare('INSERT OR IGNORE INTO incident_attack_types (incident_id, attack_type, attack_type_norm) VALUES (?, ?, ?)');
    for (const t of next.attackTypes) ins.run(id, t, foldName(t));
  }
  if (changed.includes('groups')) {
    // Names the analyst kept keep their aliases; removed names go; new ones link to their entity.
    const keep = new Set(next.groups.map(foldName));
    const rows = db.prepare('SELECT name_norm, entity_id FROM incident_groups WHERE incident_id = ? AND is_alias = 0').all(id) as Array<{ name_norm: string; entity_id: string | null }>;
    for (const g of rows) {
      if (keep.has(g.name_norm)) continue;
      db.prepare('DELETE FROM incident_groups WHERE incident_id = ? AND (name_norm = ? OR (is_alias = 1 AND entity_id IS ?))').run(id, g.name_norm, g.entity_id);
    }
    const redirects = activeRedirects(db);
    const ins = db.prepare('INSERT OR IGNORE INTO incident_groups (incident_id, name, name_norm, entity_id, is_alias) VALUES (?, ?, ?, ?, 0)');
    for (const g of next.groups) ins.run(id, g, foldName(g), resolveEntity(redirects, entityId('armed_group', g)));
  }
  for (const k of changed) {
    recordCorrection(db, { at: now, by, targetKind: 'incident', targetId: id, action: 'correct', field: k, before: current[k], after: next[k], reason });
  }
  return changed.length;
}

// ---------------------------------------------------------------------------------------------
// Entity merges
// ---------------------------------------------------------------------------------------------

interface MergeSnapshot {
  entity: { id: string; type: string; kind: string; canonical: string; aliases: string[]; parent: string | null; created_at: string };
  /** Names the merge added to the surviving entity (removed again by the unmerge). */
  addedAliases: string[];
  /** Entities whose parent was the merged entity. */
  branches: string[];
}

/** Active merges: merged id → the id it merged into. */
export function activeRedirects(db: DB): Map<string, string> {
  const rows = db.prepare('SELECT from_id, into_id FROM entity_merges WHERE undone_at IS NULL').all() as Array<{ from_id: string; into_id: string }>;
  return new Map(rows.map((r) => [r.from_id, r.into_id]));
}

/** Follows merges to the surviving entity (chains allowed, cycles stopped). */
export function resolveEntity(redirects: Map<string, string>, id: string): string {
  let cur = id;
  const seen = new Set<string>([cur]);
  for (let next = redirects.get(cur); next !== undefined && !seen.has(next); next = redirects.get(cur)) {
    cur = next;
    seen.add(cur);
  }
  return cur;
}

function addAliases(db: DB, id: string, names: string[], now: string): string[] {
  const row = db.prepare('SELECT canonical, aliases FROM entities WHERE id = ?').get(id) as { canonical: string; aliases: string } | undefined;
  if (!row) return [];
  const aliases = json<string[]>(row.aliases, []);
  const have = new Set([row.canonical, ...aliases].map(foldName));
  const added: string[] = [];
  for (const n of names) {
    const f = foldName(n);
    if (!f || have.has(f)) continue;
    have.add(f);
    aliases.push(n);
    added.push(n);
  }
  if (added.length) {
    db.prepare('UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(aliases), now, id);
    const ins = db.prepare('INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_norm, is_canonical) VALUES (?, ?, ?, 0)');
    for (const a of added) ins.run(id, a, foldName(a));
  }
  return added;
}

/**
 * Re-applies every active merge: mentions and perpetrator links of merged entities point at the
 * survivor (remembering the machine's entity), and a merged entity that an ingest re-created is
 * folded into the survivor again. Cheap when there are no merges; run after every ingest.
 */
export function applyEntityMerges(db: DB, now: string): void {
  const redirects = activeRedirects(db);
  for (const from of redirects.keys()) {
    const into = resolveEntity(redirects, from);
    if (into === from) continue;
    db.prepare('UPDATE mentions SET machine_entity_id = coalesce(machine_entity_id, entity_id), entity_id = ? WHERE entity_id = ?').run(into, from);
    db.prepare('UPDATE incident_groups SET machine_entity_id = coalesce(machine_entity_id, entity_id), entity_id = ? WHERE entity_id = ?').run(into, from);
    const back = db.prepare('SELECT canonical, aliases FROM entities WHERE id = ?').get(from) as { canonical: string; aliases: string } | undefined;
    if (back) {
      const added = addAliases(db, into, [back.canonical, ...json<string[]>(back.aliases, [])], now);
      if (added.length) {
        // Remember them so the unmerge takes them away again.
        const m = db.prepare('SELECT id, snapshot FROM entity_merges WHERE from_id = ? AND undone_at IS NULL').get(from) as { id: number; snapshot: string };
        const snap = json<MergeSnapshot>(m.snapshot, { entity: null, addedAliases: [], branches: [] } as unknown as MergeSnapshot);
        snap.addedAliases.push(...added);
        db.prepare('UPDATE entity_merges SET snapshot = ? WHERE id = ?').run(JSON.stringify(snap), m.id);
      }
      db.prepare('UPDATE entities SET parent = ? WHERE parent = ?').run(into, from);
      db.prepare('DELETE FROM entities WHERE id = ?').run(from);
    }
  }
}

/** Points redirected mentions and links back at what the current merges say (after an unmerge). */
function reapplyMachineEntities(db: DB): void {
  const redirects = activeRedirects(db);
  for (const table of ['mentions', 'incident_groups'] as const) {
    const ids = db.prepare(`SELECT DISTINCT machine_entity_id AS id FROM ${table} WHERE machine_entity_id IS NOT NULL`).all() as Array<{ id: string }>;
    for (const { id } of ids) {
      const to = resolveEntity(redirects, id);
      if (to === id) db.prepare(`UPDATE ${table} SET entity_id = ?, machine_entity_id = NULL WHERE machine_entity_id = ?`).run(id, id);
      else db.prepare(`UPDATE ${table} SET entity_id = ? WHERE machine_entity_id = ?`).run(to, id);
    }
  }
}

/** Merges `ids[1..]` into `ids[0]`; returns the surviving id. */
export function mergeEntities(db: DB, ids: string[], by: string, reason: string | null, now: string): string {
  const unique = [...new Set(ids)];
  if (unique.length < 2) throw new VigilError('api.invalid_request', 'a merge needs at least two entities');
  const [into, ...rest] = unique as [string, ...string[]];
  const load = (id: string) => {
    const row = db.prepare('SELECT id, type, kind, canonical, aliases, parent, created_at FROM entities WHERE id = ?').get(id) as
      | { id: string; type: string; kind: string; canonical: string; aliases: string; parent: string | null; created_at: string }
      | undefined;
    if (!row) throw new VigilError('store.not_found', `no entity ${id}`);
    return row;
  };
  load(into);
  for (const from of rest) {
    const row = load(from);
    const branches = (db.prepare('SELECT id FROM entities WHERE parent = ?').all(from) as Array<{ id: string }>).map((b) => b.id);
    const aliases = json<string[]>(row.aliases, []);
    const added = addAliases(db, into, [row.canonical, ...aliases], now);
    const snapshot: MergeSnapshot = { entity: { ...row, aliases }, addedAliases: added, branches };
    db.prepare('INSERT INTO entity_merges (from_id, into_id, by, at, reason, snapshot) VALUES (?, ?, ?, ?, ?, ?)').run(from, into, by, now, reason, JSON.stringify(snapshot));
    db.prepare('UPDATE entities SET parent = ? WHERE parent = ?').run(into, from);
    db.prepare('UPDATE entities SET parent = NULL WHERE id = ? AND parent = ?').run(into, into); // was a branch of what it absorbed
    recordCorrection(db, { at: now, by, targetKind: 'entity', targetId: into, action: 'merge_entity', field: null, before: { entity: from, canonical: row.canonical }, after: { entity: into }, reason });
    recordCorrection(db, { at: now, by, targetKind: 'entity', targetId: from, action: 'merge_entity', field: null, before: { entity: from, canonical: row.canonical }, after: { entity: into }, reason });
  }
  applyEntityMerges(db, now);
  return into;
}

/** Undoes the active merge of `id`; returns `id`. */
export function unmergeEntity(db: DB, id: string, by: string, reason: string | null, now: string): string {
  const m = db.prepare('SELECT id, into_id, snapshot FROM entity_merges WHERE from_id = ? AND undone_at IS NULL').get(id) as
    | { id: number; into_id: string; snapshot: string }
    | undefined;
  if (!m) throw new VigilError('store.not_found', `entity ${id} is not merged into another`);
  const snap = JSON.parse(m.snapshot) as MergeSnapshot;
  const e = snap.entity;
  db.prepare('INSERT OR IGNORE INTO entities (id, type, kind, canonical, aliases, parent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.id,
    e.type,
    e.kind,
    e.canonical,
    JSON.stringify(e.aliases),
    e.parent,
    e.created_at,
    now,
  );
  const insAlias = db.prepare('INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_norm, is_canonical) VALUES (?, ?, ?, ?)');
  insAlias.run(e.id, e.canonical, foldName(e.canonical), 1);
  for (const a of e.aliases) insAlias.run(e.id, a, foldName(a), 0);
  // The survivor gives back the names the merge brought it.
  const into = db.prepare('SELECT canonical, aliases FROM entities WHERE id = ?').get(m.into_id) as { canonical: string; aliases: string } | undefined;
  if (into) {
    const gone = new Set(snap.addedAliases.map(foldName));
    gone.delete(foldName(into.canonical));
    const kept = json<string[]>(into.aliases, []).filter((a) => !gone.has(foldName(a)));
    db.prepare('UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(kept), now, m.into_id);
    const del = db.prepare('DELETE FROM entity_aliases WHERE entity_id = ? AND alias_norm = ? AND is_canonical = 0');
    for (const g of gone) del.run(m.into_id, g);
  }
  const setParent = db.prepare('UPDATE entities SET parent = ? WHERE id = ? AND parent = ?');
  for (const b of snap.branches) setParent.run(id, b, m.into_id);
  db.prepare('UPDATE entity_merges SET undone_by = ?, undone_at = ?, undo_reason = ? WHERE id = ?').run(by, now, reason, m.id);
  reapplyMachineEntities(db);
  for (const target of [id, m.into_id]) {
    recordCorrection(db, { at: now, by, targetKind: 'entity', targetId: target, action: 'unmerge_entity', field: null, before: { entity: m.into_id }, after: { entity: id }, reason });
  }
  return id;
}

export function entityMerges(db: DB, id: string): EntityMergeRecord[] {
  const rows = db.prepare('SELECT * FROM entity_merges WHERE from_id = ? OR into_id = ? ORDER BY id DESC').all(id, id) as Array<{
    id: number;
    from_id: string;
    into_id: string;
    by: string;
    at: string;
    reason: string | null;
    snapshot: string;
    undone_by: string | null;
    undone_at: string | null;
    undo_reason: string | null;
  }>;
  return rows.map((r) => ({
    id: r.id,
    fromId: r.from_id,
    intoId: r.into_id,
    fromCanonical: json<MergeSnapshot>(r.snapshot, { entity: { canonical: r.from_id } } as MergeSnapshot).entity.canonical,
    by: r.by,
    at: r.at,
    reason: r.reason,
    undoneBy: r.undone_by,
    undoneAt: r.undone_at,
    undoReason: r.undo_reason,
  }));
}
