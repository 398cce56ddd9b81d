/**
 * Resources of the annotate/extract stages, loaded once and passed explicitly: the gazetteer
 * and the armed-group table (a trained NER model hooks in here later). Stages never load files
 * themselves.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { loadGazetteer, type Gazetteer } from './resolve/gazetteer.js';
import { ARMED_GROUPS, buildArmedGroupIndex, type ArmedGroup, type ArmedGroupIndex } from './extract/armed-groups.js';
import { loadRoleModel, type RoleModel } from './extract/roles.js';
import { loadActors, type ActorGazetteer } from './resolve/actors.js';

export interface Resources {
  gazetteer: Gazetteer;
  armedGroups: ArmedGroupIndex;
  /** MUC-4 role-filler classifier (`models/incidents/roles.json.gz`); null when absent. */
  roles?: RoleModel | null;
  /** The curated actor gazetteer (perpetrator resolution); optional for hand-built resources. */
  actors?: ActorGazetteer | null;
}

export interface ResourceOptions {
  /** Folder holding `gazetteer/` (default: the repository's `data/`). */
  dataDir?: string;
  /** Armed groups to recognise (default: the built-in list). */
  armedGroups?: readonly ArmedGroup[];
}

/** The repository's `data/` folder, found from this module (works from `src/` and `dist/src/`). */
export function defaultDataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'data', 'gazetteer', 'places.tsv.gz');
    if (fs.existsSync(candidate)) return path.join(dir, 'data');
    dir = path.dirname(dir);
  }
  return path.resolve('data');
}

/** Loads every resource once (about half a second, dominated by the gazetteer). */
export function loadResources(opts: ResourceOptions = {}): Resources {
  const dataDir = opts.dataDir ?? defaultDataDir();
  return {
    gazetteer: loadGazetteer(path.join(dataDir, 'gazetteer')),
    armedGroups: buildArmedGroupIndex(opts.armedGroups ?? ARMED_GROUPS),
    actors: loadActors(path.join(dataDir, 'actors')),
    roles: loadRolesIfPresent(path.join(dataDir, '..', 'models', 'incidents', 'roles.json.gz')),
  };
}

function loadRolesIfPresent(file: string): RoleModel | null {
  return fs.existsSync(file) ? loadRoleModel(file) : null;
}
