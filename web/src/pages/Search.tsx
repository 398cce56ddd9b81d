/**
 * The search page: full-text search over articles, with snippets whose `<mark>` tags are
 * rendered as React elements (never as HTML) via `parseSnippet`.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Page, type SearchHit } from '../api';
import { formatCount, formatDate } from '../format';
import { href, Link, navigate } from '../router';
import { parseSnippet } from '../snippet';
import { Empty, ErrorBox } from './common';

const PAGE = 20;

export function SearchPage({ query }: { query: URLSearchParams }) {
  const q = query.get('q') ?? '';
  const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(q);
  const [data, setData] = useState<Page<SearchHit> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inputId = useId();

  useEffect(() => setDraft(q), [q]);
  useEffect(() => {
    if (!q.trim()) {
      setData(null);
      return;
    }
    let live = true;
    api.search(new URLSearchParams({ q, limit: String(PAGE), offset: String((page - 1) * PAGE) }).toString()).then(
      (r) => live && (setData(r), setError(null)),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [q, page]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href('/search', { q: draft.trim() }));
  };

  return (
    <div className="page">
      <h1>Search articles</h1>
      <form className="search-form" role="search" onSubmit={submit}>
        <label htmlFor={inputId} className="visually-hidden">
          Search text
        </label>
        <input id={inputId} type="search" value={draft} placeholder="e.g. Kabul airport, Shahab al-Muhajir" onChange={(e) => setDraft(e.target.value)} autoFocus />
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {data && (
        <p className="table-meta" data-testid="result-count">
          {formatCount(data.total)} {data.total === 1 ? 'article' : 'articles'}
        </p>
      )}
      {data && data.total === 0 && <Empty>No article matches “{q}”.</Empty>}
      <ol className="hits">
        {data?.items.map((h) => (
          <li key={h.articleId} className="hit">
            <Link to={`/articles/${encodeURIComponent(h.articleId)}`} className="hit-title">
              {h.title ?? 'Untitled article'}
            </Link>
            <div className="cell-sub">{[h.source, formatDate(h.published)].filter((x) => x && x !== '—').join(' · ')}</div>
            <p className="snippet">
              {parseSnippet(h.snippet).map((p, n) => (p.mark ? <mark key={n}>{p.text}</mark> : <span key={n}>{p.text}</span>))}
            </p>
          </li>
        ))}
      </ol>
      {data && data.total > PAGE && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="btn" disabled={page <= 1} onClick={() => navigate(href('/search', { q, page: page - 1 > 1 ? page - 1 : null }))}>
            ← Previous
          </button>
          <span>
            Page {page} of {Math.ceil(data.total / PAGE)}
          </span>
          <button type="button" className="btn" disabled={page * PAGE >= data.total} onClick={() => navigate(href('/search', { q, page: page + 1 }))}>
            Next →
          </button>
        </nav>
      )}
    </div>
  );
}
