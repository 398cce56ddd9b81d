/**
 * The sources page: every feed or page Vigil polls, with its fetch state (last and next fetch,
 * error code and message in red) and article count, a form to add one and a way to remove one.
 */
import { Fragment, useEffect, useId, useState, type FormEvent } from 'react';
import { ApiFailure, api, type SourceErrorRecord, type SourceRecord } from '../api';
import { formatCount, formatDateTime } from '../format';
import { Empty, ErrorBox } from './common';
import { canReview, useSession } from '../session';
import { Link } from '../router';

function Status({ s }: { s: SourceRecord }) {
  if (s.lastErrorCode) {
    return (
      <div className="status-error">
        <code>{s.lastErrorCode}</code>
        {s.lastErrorMessage && <div className="status-message">{s.lastErrorMessage}</div>}
        {s.errorCount > 1 && <div className="cell-sub">{s.errorCount} failures in a row</div>}
      </div>
    );
  }
  if (!s.lastFetchedAt) return <span className="status-pending">not fetched yet</span>;
  return <span className="status-ok">ok</span>;
}

export function SourcesPage() {
  const [items, setItems] = useState<SourceRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [formError, setFormError] = useState<ApiFailure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [errors, setErrors] = useState<SourceErrorRecord[]>([]);
  const inputId = useId();
  // Adding and removing sources is an analyst's job; the API refuses it to others anyway.
  const editor = canReview(useSession());

  const load = () => api.sources().then((r) => (setItems(r.items), setError(null)), setError);
  useEffect(() => {
    void load();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    setNotice(null);
    try {
      const r = await api.addSource(url.trim());
      setNotice(r.created ? `Added ${r.source.url}. It will be fetched on the next poll.` : `${r.source.url} is already a source.`);
      setUrl('');
      await load();
    } catch (err) {
      setFormError(err instanceof ApiFailure ? err : new ApiFailure(0, 'error', String(err)));
    }
  };

  const toggleErrors = async (s: SourceRecord) => {
    if (open === s.id) return setOpen(null);
    setOpen(s.id);
    setErrors([]);
    try {
      setErrors((await api.sourceErrors(s.id)).items);
    } catch {
      setErrors([]);
    }
  };

  const remove = async (s: SourceRecord) => {
    if (!window.confirm(`Stop following ${s.url}? Its articles stay in the database.`)) return;
    try {
      await api.removeSource(s.id);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="page page-wide">
      <div className="page-head">
        <div>
          <h1>Sources</h1>
          <p className="lede">Feeds and pages Vigil polls. Failures keep their error code and back off automatically.</p>
        </div>
      </div>
      {!editor && (
        <p className="muted small" data-testid="sources-locked">
          <Link to="/login?next=/sources">Log in</Link> as an analyst to add or remove sources.
        </p>
      )}
      {editor && <form className="card add-source" onSubmit={submit} aria-describedby={formError ? `${inputId}-err` : undefined}>
        <label htmlFor={inputId}>Add a feed or page URL</label>
        <div className="add-row">
          <input
            id={inputId}
            type="url"
            required
            placeholder="https://example.org/world/rss.xml"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={formError ? true : undefined}
          />
          <button type="submit" className="btn btn-primary">
            Add source
          </button>
        </div>
        {formError && (
          <p className="form-error" id={`${inputId}-err`} role="alert">
            <code>{formError.code}</code> {formError.message}
          </p>
        )}
        {notice && (
          <p className="form-notice" role="status">
            {notice}
          </p>
        )}
      </form>}
      {error ? <ErrorBox error={error} /> : null}
      <div className="table-wrap">
        <table className="sources">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Kind</th>
              <th scope="col">Last fetch</th>
              <th scope="col">Next fetch</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Articles</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items?.map((s) => (
              <Fragment key={s.id}>
                <tr className={s.lastErrorCode ? 'row-error' : undefined}>
                  <td className="cell-source">
                    <div className="cell-main">{s.title ?? s.url}</div>
                    {s.title && <div className="cell-sub mono">{s.url}</div>}
                  </td>
                  <td>
                    <span className="chip">{s.kind}</span>
                  </td>
                  <td className="nowrap">{formatDateTime(s.lastFetchedAt)}</td>
                  <td className="nowrap">{formatDateTime(s.nextFetchAt)}</td>
                  <td>
                    <Status s={s} />
                  </td>
                  <td className="num">{formatCount(s.articleCount)}</td>
                  <td className="actions nowrap">
                    <button type="button" className="btn-link" aria-expanded={open === s.id} onClick={() => void toggleErrors(s)}>
                      Error log
                    </button>
                    {editor && (
                      <button type="button" className="btn-link danger" onClick={() => void remove(s)}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
                {open === s.id && (
                  <tr className="row-detail">
                    <td colSpan={7}>
                      {errors.length === 0 ? (
                        <span className="muted">No fetch errors recorded.</span>
                      ) : (
                        <ul className="error-log">
                          {errors.map((e, n) => (
                            <li key={n}>
                              <span className="nowrap">{formatDateTime(e.at)}</span> <code>{e.code}</code> {e.message}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
        {items && items.length === 0 && <Empty>No sources yet. Add a feed above, or ingest files with the CLI.</Empty>}
      </div>
    </div>
  );
}
