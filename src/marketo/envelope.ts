/**
 * Marketo's answers, read: the envelope (MARKETO-API.md §0), what each response-level code
 * means for the caller (§1 common set, MD error-codes.md), and record-level outcomes.
 *
 * Lead DB: `{requestId, success, result, errors:[{code:"601", message}], warnings:[{code,
 * message}], nextPageToken, moreResult}`; Asset: the same with `warnings` as plain strings.
 * Real answers leave out empty members (GRFX). Errors come as HTTP 200 with `success:false`,
 * except HTTP 413 (body over 1 MB), 414 (URI over 8 KB), 401 (identity), and 5xx.
 */

/** What the caller does with an answer. */
export type OutcomeClass =
  /** The call did what it was asked. */
  | 'ok'
  /** Transient: the same call again after an exponential backoff, a bounded number of times. */
  | 'retry'
  /** Marketo's rate (606) or concurrency (615) limit: wait for the window or a slot, retry. */
  | 'wait'
  /** 607: the subscription's daily quota is spent. */
  | 'quota'
  /** 601/602 (or HTTP 401): a new token, then the call once more. */
  | 'reauth'
  /** 603, or 601/602 with a fresh token: the credentials do not allow it. */
  | 'auth'
  /** The request itself is wrong or refers to nothing; sending it again changes nothing. */
  | 'fail';

/**
 * Response-level codes by class (MD error-codes.md; MARKETO-API.md §1 table). 614 (invalid
 * subscription) is "usually temporary", so retried. 500/502 also come as body codes. Any code
 * not listed fails: a 1xxx at response level (1003 too many results or ids, 1013 object not
 * found, ...), 605, 609, 610, 612, 613, 701, 702, 709, 710, 711, and codes not documented.
 * 702 (no data) and 1013 are read by each endpoint (not found), before this table.
 */
const CLASS_BY_CODE: Record<string, OutcomeClass> = {
  '500': 'retry',
  '502': 'retry',
  '604': 'retry',
  '608': 'retry',
  '611': 'retry',
  '614': 'retry',
  '713': 'retry',
  '606': 'wait',
  '615': 'wait',
  '607': 'quota',
  '601': 'reauth',
  '602': 'reauth',
  '603': 'auth',
};

export function classifyCode(code: string): OutcomeClass {
  return CLASS_BY_CODE[code] ?? 'fail';
}

export interface MarketoErrorItem {
  code: string;
  message: string;
}

/** A record-level reason (`result[i].reasons[]`). */
export interface MarketoReason {
  code: string;
  message: string;
}

/** One record of an answer's `result` as Marketo sends it. */
export interface MarketoResultRecord {
  id?: number;
  status?: string;
  reasons?: MarketoReason[];
  [field: string]: unknown;
}

export interface Envelope {
  requestId: string | null;
  success: boolean;
  result: MarketoResultRecord[];
  /** Whether `result` was present at all (Asset searches that find nothing leave it out). */
  hasResult: boolean;
  errors: MarketoErrorItem[];
  /** Warnings as text (Lead DB `{code,message}` become `code: message`). */
  warnings: string[];
  nextPageToken: string | null;
  moreResult: boolean;
}

/** An HTTP answer read into what the caller needs: the envelope and its class. */
export type ReadAnswer =
  | { kind: 'envelope'; envelope: Envelope; outcome: OutcomeClass; code: string | null }
  | { kind: 'http'; outcome: OutcomeClass; code: string; message: string };

const str = (value: unknown): string =>
  typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);

/** Reads a parsed JSON body as an envelope; null when it is not one. */
export function parseEnvelope(json: unknown): Envelope | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const body = json as Record<string, unknown>;
  if (typeof body.success !== 'boolean') return null;
  const errors = Array.isArray(body.errors)
    ? body.errors.map((item) => {
        const error = (item ?? {}) as Record<string, unknown>;
        return { code: str(error.code), message: str(error.message) };
      })
    : [];
  const warnings = Array.isArray(body.warnings)
    ? body.warnings.map((item) => {
        if (item !== null && typeof item === 'object') {
          const warning = item as Record<string, unknown>;
          return `${str(warning.code)}: ${str(warning.message)}`;
        }
        return str(item);
      })
    : [];
  const result = Array.isArray(body.result)
    ? (body.result.filter(
        (item) => item !== null && typeof item === 'object',
      ) as MarketoResultRecord[])
    : [];
  return {
    requestId: typeof body.requestId === 'string' ? body.requestId : null,
    success: body.success,
    result,
    hasResult: Array.isArray(body.result),
    errors,
    warnings,
    nextPageToken:
      typeof body.nextPageToken === 'string' && body.nextPageToken !== ''
        ? body.nextPageToken
        : null,
    moreResult: body.moreResult === true,
  };
}

/**
 * Reads one HTTP answer of a REST call: its status, content and envelope. Marketo answers
 * errors as HTTP 200, so a status other than 200 is the transport's: 5xx retried, 401 a new
 * token, 413/414 and other 4xx fail. A 200 that is not a JSON envelope (a proxy's page, a
 * cut-off body) is retried: nothing says the call was refused.
 */
export function readAnswer(status: number, text: string): ReadAnswer {
  if (status !== 200) {
    const code = `HTTP ${status}`;
    if (status >= 500) return { kind: 'http', outcome: 'retry', code, message: `answered ${code}` };
    if (status === 401) return { kind: 'http', outcome: 'reauth', code, message: 'answered 401' };
    if (status === 413) {
      return { kind: 'http', outcome: 'fail', code, message: 'request body over 1 MB (413)' };
    }
    if (status === 414) {
      return { kind: 'http', outcome: 'fail', code, message: 'request URI over 8 KB (414)' };
    }
    if (status === 429) return { kind: 'http', outcome: 'wait', code, message: 'answered 429' };
    return { kind: 'http', outcome: 'fail', code, message: `answered ${code}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'http', outcome: 'retry', code: 'NOT_JSON', message: 'answered non-JSON' };
  }
  const envelope = parseEnvelope(json);
  if (!envelope) {
    return {
      kind: 'http',
      outcome: 'retry',
      code: 'NOT_ENVELOPE',
      message: 'answered no envelope',
    };
  }
  if (envelope.success) return { kind: 'envelope', envelope, outcome: 'ok', code: null };
  // A failure with no code is not something Marketo documents; it is read as transient.
  const first = envelope.errors[0];
  if (!first || first.code === '') {
    return { kind: 'envelope', envelope, outcome: 'retry', code: null };
  }
  return { kind: 'envelope', envelope, outcome: classifyCode(first.code), code: first.code };
}

/** The outcome of one input record of a write call, in input order. */
export interface RecordOutcome {
  /**
   * Marketo's status (`created`, `updated`, `added`, `removed`, `skipped`, ...), or
   * `unacknowledged` when the answer had no record for this input (never read as success).
   */
  status: string;
  /** Marketo's lead id, when the record carries one. */
  id: number | null;
  reasons: MarketoReason[];
}

const toOutcome = (record: MarketoResultRecord): RecordOutcome => ({
  status: str(record.status) || 'unacknowledged',
  id: typeof record.id === 'number' ? record.id : null,
  reasons: Array.isArray(record.reasons)
    ? record.reasons.map((reason) => ({ code: str(reason?.code), message: str(reason?.message) }))
    : [],
});

const UNACKNOWLEDGED: RecordOutcome = { status: 'unacknowledged', id: null, reasons: [] };

/**
 * Record outcomes by position: Sync Leads answers "in the same order as records in the
 * request input array" (MD error-codes.md), and a skipped record has no id to match by. A
 * record past the end of `result` is unacknowledged.
 */
export function outcomesByPosition(result: MarketoResultRecord[], count: number): RecordOutcome[] {
  return Array.from({ length: count }, (_, index) =>
    result[index] ? toOutcome(result[index]) : UNACKNOWLEDGED,
  );
}

/**
 * Record outcomes of a list call, matched to the ids sent: by position when the answer lines
 * up with the input (same length, each id where it was sent), otherwise by id (each answer
 * record used once). An id the answer does not mention is unacknowledged.
 */
export function outcomesById(
  result: MarketoResultRecord[],
  ids: readonly number[],
): RecordOutcome[] {
  const aligned =
    result.length === ids.length &&
    result.every((record, index) => record.id === undefined || record.id === ids[index]);
  if (aligned) return result.map(toOutcome);
  const pending = new Map<number, MarketoResultRecord[]>();
  for (const record of result) {
    if (typeof record.id !== 'number') continue;
    pending.set(record.id, [...(pending.get(record.id) ?? []), record]);
  }
  return ids.map((id) => {
    const record = pending.get(id)?.shift();
    return record ? { ...toOutcome(record), id } : { ...UNACKNOWLEDGED, id };
  });
}
