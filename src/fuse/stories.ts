/**
 * Stories at ingest: the online form of `clusterArticles`. A new article is clustered together
 * with the articles already stored in its time window; it joins the story that most of its
 * co-clustered neighbours already have, or starts a new one. Stories of stored articles never
 * change, so story ids stay stable as the stream grows. Pure: the store supplies the window.
 */
import { createHash } from 'node:crypto';
import { clusterArticles, DEFAULT_CLUSTER_OPTIONS, type ClusterInput, type ClusterOptions } from './cluster.js';

export interface StoryCandidate extends ClusterInput {
  storyId: string | null;
}

/** How far around the new article's date the store looks for story neighbours. */
export const STORY_WINDOW_DAYS = DEFAULT_CLUSTER_OPTIONS.windowDays;
/** At most this many neighbours (the most recent) take part in one assignment. */
export const STORY_MAX_NEIGHBOURS = 120;

/** The id of a story founded by `articleId`: the same as `clusterArticles` would give a singleton. */
export function storyIdFor(articleId: string): string {
  return 's-' + createHash('sha256').update(articleId).digest('hex').slice(0, 12);
}

/**
 * The story of `article` among its stored `neighbours`: the most common story of the neighbours
 * that land in its cluster (ties to the smallest id), else a new story of its own.
 */
export function assignStory(article: ClusterInput, neighbours: StoryCandidate[], options: Partial<ClusterOptions> = {}): string {
  const others = neighbours.filter((n) => n.id !== article.id);
  if (others.length === 0) return storyIdFor(article.id);
  const clusters = clusterArticles([article, ...others], options);
  const mine = clusters.get(article.id);
  const votes = new Map<string, number>();
  for (const n of others) {
    if (n.storyId && clusters.get(n.id) === mine) votes.set(n.storyId, (votes.get(n.storyId) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [s, v] of [...votes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (v > bestVotes) {
      best = s;
      bestVotes = v;
    }
  }
  return best ?? storyIdFor(article.id);
}
