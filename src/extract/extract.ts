/**
 * `extractArticle()`: runs the annotate and extract stages on one article — tokens, sentences,
 * dates, numbers, entities and places, incidents — and returns the `vigil extract` record
 * (extract-format.md). Pure: the input plus the resources loaded once by `loadResources()`.
 */
import type { ExtractedIncident, ExtractInput, ExtractRecord, PlaceMention } from '../model.js';
import type { Resources } from '../resources.js';
import { tokenize } from '../nlp/tokenize.js';
import { splitSentences } from '../nlp/sentences.js';
import { findDates } from '../nlp/dates.js';
import { findNumbers } from '../nlp/numbers.js';
import { recognize, toEntityMention } from './entities.js';
import { countryHeader, extractIncidents } from './incidents.js';
import { scoreCandidate } from '../resolve/geocode.js';
import { findDateline } from '../ingest/readers/text-page.js';

/** Normalises a published or dateline date to `YYYY-MM-DD` (null when it has no date). */
export function normalizeDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
  if (iso) return iso[3] ? `${iso[1]}-${iso[2]}-${iso[3]}` : `${iso[1]}-${iso[2]}`;
  const found = findDates(value)[0];
  return found ? found.value : null;
}

/**
 * A news incident whose text names no place at all takes the country its perpetrator group
 * operates in, when the actor gazetteer gives the group one to three countries (the first is its
 * base): "ETA claimed the bombing" is in Spain. The place's span is the group's mention, so the
 * evidence shows what the country was read from; specificity 4 (country).
 */
function placeByPerpetrator(incidents: ExtractedIncident[], resources: Resources): void {
  if (!resources.actors) return;
  for (const inc of incidents) {
    if (inc.place || inc.is_background) continue;
    for (const g of inc.perpetrator_groups) {
      const actor = g.entity ? resources.actors.get(g.entity) : undefined;
      const cc = actor && actor.countries.length <= 3 ? actor.countries[0] : undefined;
      const country = cc ? resources.gazetteer.country(cc) : null;
      if (!country) continue;
      inc.place = {
        start: g.start, end: g.end, text: g.text, name: country.name, lat: country.lat, lon: country.lon,
        country_code: country.country, admin1: null, feature: 'country', geonameid: null, specificity: 4, basis: 'perpetrator',
      };
      break;
    }
  }
}

/** Extracts entities, places, dates and incidents from one article. */
export function extractArticle(input: ExtractInput, resources: Resources): ExtractRecord {
  const text = input.text ?? '';
  // A reader's dateline, else one at the start of the text ("SAN SALVADOR, 3 JAN 90 --"), else a country heading.
  const dl = (input.dateline !== undefined ? input.dateline : findDateline(text, input.published ?? null)?.dateline) ?? countryHeader(text);
  const datelineDate = normalizeDate(dl?.date ?? null);
  const reference = normalizeDate(input.published ?? null) ?? (datelineDate && datelineDate.length === 10 ? datelineDate : null);
  const tokens = tokenize(text);
  const sentences = splitSentences(tokens);
  const dates = findDates(text, { reference });
  const numbers = findNumbers(text);
  // The actor gazetteer scans the text once; the entity pass and the incidents share the matches.
  const actorMentions = resources.actors ? resources.actors.findInText(text) : [];
  const actors = resources.actors ? { ...resources.actors, findInText: (s: string) => (s === text ? actorMentions : resources.actors!.findInText(s)) } : null;
  const rec = recognize(text, tokens, sentences, resources, { datelinePlace: dl?.place ?? null, actorMentions });

  let datelinePlace: PlaceMention | null = null;
  if (dl?.place) {
    const inText = rec.places.find((p) => p.start >= dl.span.start && p.end <= dl.span.end);
    if (inText) datelinePlace = inText;
    else {
      const cands = resources.gazetteer.lookup(dl.place);
      let best = cands[0] ?? null;
      let bestScore = -Infinity;
      for (const c of cands) {
        const s = scoreCandidate(c, { start: dl.span.start, end: dl.span.end, text: dl.place, candidates: cands }, { countries: rec.countries });
        if (s > bestScore) { bestScore = s; best = c; }
      }
      if (best) {
        datelinePlace = {
          start: dl.span.start, end: dl.span.end, text: text.slice(dl.span.start, dl.span.end), name: best.name, lat: best.lat, lon: best.lon,
          country_code: best.country, admin1: null, feature: best.feature, geonameid: best.geonameid,
        };
      }
    }
  }
  const incidents = extractIncidents({
    text, sentences, entities: rec.entities, places: rec.places, dates, numbers, reference, tokens, lowered: rec.lowered, roles: resources.roles ?? null, actors,
    dateline: dl ? { place: datelinePlace, date: datelineDate, span: dl.span } : null,
  });
  placeByPerpetrator(incidents, resources);
  return {
    id: input.id,
    entities: rec.entities.map(toEntityMention),
    places: rec.places,
    dates,
    incidents,
  };
}
