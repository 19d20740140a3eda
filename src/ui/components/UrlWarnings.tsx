import { useViewStore } from '../stores/view.ts';
import './FiltersBar.css';

/**
 * Problems found reading a shared link (settings that fell back to defaults, other data), as plain text (React escapes it, so a hostile link's
 * values can never become markup), with a button to dismiss them.
 */
export function UrlWarnings() {
  const warnings = useViewStore((s) => s.warnings);
  const dismiss = useViewStore((s) => s.dismissWarnings);
  if (warnings.length === 0) return null;
  return (
    <div className="url-warnings" role="alert" aria-label="Link warnings" data-testid="url-warnings">
      <div className="url-warnings-head">
        <strong>About this link</strong>
        <button type="button" className="secondary" onClick={dismiss} aria-label="Dismiss link warnings">Dismiss</button>
      </div>
      <ul>
        {warnings.map((w) => <li key={w}>{w}</li>)}
      </ul>
    </div>
  );
}

export default UrlWarnings;
