// advices-admin-errors.js — the API's refusals in the secretary's words on /admin/advices.
// A 4xx shows what the server said (it names the field or the rule); a refused move (409)
// also says which moves are possible now. 401 and 403 go through the staff pages' gate
// (to the login page, or "no access").

import { ApiError } from './api.js';
import { handleAuthError } from './admin-api.js';
import { setText, t } from './i18n.js';

// "answered" → "beantwoorden": a list of moves in words, "a, b of c".
export function movesInWords(statuses) {
  const words = statuses.map((s) => t(`advices.admin.moveName.${s}`) ?? s);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${t('advices.admin.or') ?? 'of'} ${words[words.length - 1]}`;
}

// Show err in errorEl (and clear statusEl). Returns false when the page went elsewhere.
export function showError(errorEl, err, statusEl) {
  if (handleAuthError(err)) return false;
  if (statusEl) setText(statusEl, null);
  if (!(err instanceof ApiError) || err.status === 0) {
    setText(errorEl, 'advices.admin.error.network');
  } else if (err.status === 409) {
    const allowed = err.allowed || [];
    setText(errorEl, allowed.length ? 'advices.admin.error.conflict' : 'advices.admin.error.conflictNone',
      { message: err.message, allowed: movesInWords(allowed) });
  } else if (err.status === 404) {
    setText(errorEl, 'advices.admin.error.gone');
  } else if (err.status === 507) {
    setText(errorEl, 'advices.admin.error.full');
  } else if (err.status >= 500) {
    setText(errorEl, 'advices.admin.error.server');
  } else {
    setText(errorEl, 'advices.admin.error.api', { message: err.message || `HTTP ${err.status}` });
  }
  return true;
}
