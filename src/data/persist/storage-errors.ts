/**
 * Words for errors whose message is empty or says nothing: a QuotaExceededError from IndexedDB
 * has an empty message in some browsers, which left "Nothing was imported:" with no reason.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error) && !(typeof DOMException !== 'undefined' && error instanceof DOMException)) return String(error) || 'unknown error';
  const { name, message } = error as Error;
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return "the browser's storage for this site is full (QuotaExceededError): remove an earlier import or free disk space, then try again; nothing was stored";
  }
  if (name === 'InvalidStateError' && !message) return 'the browser closed the database (InvalidStateError); reload the page';
  if (name === 'AbortError' && !message) return 'the operation was cancelled (AbortError)';
  if (!message.trim()) return `${name || 'Error'} (the browser gave no message)`;
  return message;
}
