/**
 * Resources of the annotate/extract stages, loaded once and passed explicitly: the gazetteer,
 * the actor gazetteer of armed groups, the trained entity tagger and the incident role model.
 * Stages never load files themselves.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { loadGazetteer, type Gazetteer } from './resolve/gazetteer.js';
import { loadNerModel, defaultModelPath, type NerModel } from './nlp/ner/index.js';
import { loadRoleModel, type RoleModel } from './extract/roles.js';
import { loadActors, type ActorGazetteer } from './resolve/actors.js';

export interface Resources {
  gazetteer: Gazetteer;
  /** The CoNLL-2003 entity tagger (`models/ner/model.bin.gz`); null when absent (gazetteers only). */
  ner?: NerModel | null;
  /** Run the tagger's document-level second pass (slower, +0.7 F1); default false. */
  nerSecondPass?: boolean;
  /** MUC-4 role-filler classifier (`models/incidents/roles.json.gz`); null when absent. */
  roles?: RoleModel | null;
  /** The curated actor gazetteer (perpetrator resolution); optional for hand-built resources. */
  actors?: ActorGazetteer | null;
}

export interface ResourceOptions {
  /** Folder holding `gazetteer/` (default: the repository's `data/`). */
  dataDir?: string;
  /** Path of the NER model (default: the repository's `models/ner/model.bin.gz`); null for none. */
  nerModel?: string | null;
  /** See `Resources.nerSecondPass`. */
  nerSecondPass?: boolean;
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
    ner: loadNerIfPresent(opts.nerModel === undefined ? defaultModelPath() : opts.nerModel),
    nerSecondPass: opts.nerSecondPass ?? false,
    actors: loadActors(path.join(dataDir, 'actors')),
    roles: loadRolesIfPresent(path.join(dataDir, '..', 'models', 'incidents', 'roles.json.gz')),
  };
}

function loadNerIfPresent(file: string | null): NerModel | null {
  return file && fs.existsSync(file) ? loadNerModel(file) : null;
}

function loadRolesIfPresent(file: string): RoleModel | null {
  return fs.existsSync(file) ? loadRoleModel(file) : null;
}
