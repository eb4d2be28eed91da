import { Tokenizer, TokenizerError, TokenType } from '@streamparser/json';
import { UploadError } from './records.js';

/**
 * Largest single item (profile, user, NDJSON line) a JSON body may hold, and largest single
 * value (a string under any key): the parser holds one item at a time.
 */
export const MAX_ITEM_BYTES = 4 * 1024 * 1024;

/** Deepest nesting of objects and arrays a JSON body or line may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * Most values (objects, arrays, strings, numbers...) one item may hold: with MAX_ITEM_BYTES,
 * it bounds the memory an item takes once built, whatever its shape (4 MB of `[]` would
 * otherwise make over a million arrays).
 */
export const MAX_ITEM_VALUES = 200_000;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** A value as found: its path, the value, and the first key it held twice (null if none). */
export interface JsonItem {
  value: unknown;
  /** Keys from the root down to the value itself (array indexes as numbers). */
  path: (string | number)[];
  /** The first key an object of the value held twice (exactly as written). */
  duplicateKey: string | null;
}

/**
 * What to do with a value that begins at `path` (of `kind`): `build` it whole and hand it
 * over, `walk` into it (a container; its members are asked about in turn), or `skip` it
 * (never built: its tokens are only checked for well-formed JSON).
 */
export type JsonSelect = (
  path: readonly (string | number)[],
  kind: 'object' | 'array' | 'scalar',
) => 'build' | 'walk' | 'skip';

/**
 * Why a document was refused: bad JSON (`syntax`), nesting over MAX_JSON_DEPTH (`depth`), or
 * an item or value over its bound (`size`).
 */
export class JsonShapeError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'depth' | 'size' = 'syntax',
  ) {
    super(message);
    this.name = 'JsonShapeError';
  }

  /** The reason a line is rejected for: bad JSON is "invalid JSON", whatever its detail. */
  get lineReason(): string {
    return this.kind === 'syntax' ? 'invalid JSON' : this.message;
  }
}

export interface JsonDocumentOptions {
  /** Several JSON values may follow each other (each walked or built in turn). */
  many?: boolean;
  /** The bound of one item and of one value (MAX_ITEM_BYTES by default). */
  maxItemBytes?: number;
  /** Called when a walked container closes, with its path. */
  onEnd?: (path: readonly (string | number)[]) => void;
}

type Mode = 'build' | 'walk' | 'skip';

interface Frame {
  object: boolean;
  mode: Mode;
  /** The container being built (build mode only). */
  container: Record<string, unknown> | unknown[] | null;
  /** Object: the key whose value comes next; array: the next index. */
  key: string | null;
  index: number;
  /** What the next token may be. */
  expect: 'key' | 'colon' | 'value' | 'comma' | 'first';
}

/**
 * A streaming JSON reader over @streamparser/json's tokenizer that builds only what its
 * `select` asks for: values under unknown keys are skipped token by token, never held, so
 * memory is bounded by the largest item built (MAX_ITEM_BYTES and MAX_ITEM_VALUES), the
 * largest single token (MAX_ITEM_BYTES) and the nesting (MAX_JSON_DEPTH), whatever the shape
 * of the document. Objects are built as JSON.parse builds them (a `__proto__` key is an own
 * key), and the first key an item holds twice is reported with it. Every refusal is a
 * JsonShapeError (or what `select` or `onItem` threw); the caller decides whether it refuses
 * the body or one line.
 */
export class JsonDocument {
  private readonly tokenizer: Tokenizer;
  private readonly frames: Frame[] = [];
  private readonly path: (string | number)[] = [];
  /** Bytes written so far, and where the item being built and the last token began. */
  private written = 0;
  private itemStart = -1;
  private lastToken = 0;
  private duplicateKey: string | null = null;
  private itemValues = 0;
  private rootDone = false;
  private failure: Error | null = null;

  constructor(
    private readonly select: JsonSelect,
    private readonly onItem: (item: JsonItem) => void,
    private readonly options: JsonDocumentOptions = {},
  ) {
    this.tokenizer = new Tokenizer();
    this.tokenizer.onToken = ({ token, value, offset }) =>
      this.token(token, value as unknown, offset);
    this.tokenizer.onError = (error) => {
      this.failure ??= error;
    };
  }

  /** Whether any token was read (a document of only whitespace has none). */
  get started(): boolean {
    return this.frames.length > 0 || this.rootDone;
  }

  write(data: Uint8Array): void {
    if (this.failure) throw this.asShapeError(this.failure);
    try {
      this.tokenizer.write(data);
    } catch (error) {
      this.failure ??= error as Error;
    }
    if (this.failure) throw this.asShapeError(this.failure);
    this.written += data.length;
    const limit = this.options.maxItemBytes ?? MAX_ITEM_BYTES;
    if (this.itemStart >= 0 && this.written - this.itemStart > limit) {
      throw new JsonShapeError(`an item is over ${limit} bytes`, 'size');
    }
    if (this.written - this.lastToken > limit) {
      throw new JsonShapeError(`a value is over ${limit} bytes`, 'size');
    }
  }

  end(): void {
    if (!this.failure) {
      try {
        if (!this.tokenizer.isEnded) this.tokenizer.end();
      } catch (error) {
        this.failure ??= error as Error;
      }
    }
    if (this.failure) throw this.asShapeError(this.failure);
    if (this.frames.length > 0) throw new JsonShapeError('the JSON ends before its last value');
  }

  /** The tokenizer's own errors are bad JSON; what a callback threw goes on as it is. */
  private asShapeError(error: Error): Error {
    return error instanceof TokenizerError
      ? new JsonShapeError(`invalid JSON (${error.message})`)
      : error;
  }

  private fail(message: string, kind: JsonShapeError['kind'] = 'syntax'): never {
    const error = new JsonShapeError(message, kind);
    this.failure ??= error;
    throw error;
  }

  private token(token: TokenType, value: unknown, offset: number): void {
    this.lastToken = offset;
    const frame = this.frames.at(-1);
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        this.open(frame, token === TokenType.LEFT_BRACE, offset);
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET: {
        const object = token === TokenType.RIGHT_BRACE;
        if (!frame || frame.object !== object) this.fail(`unexpected "${object ? '}' : ']'}"`);
        if (frame.expect !== 'comma' && frame.expect !== 'first') {
          this.fail(`unexpected "${object ? '}' : ']'}"`);
        }
        this.close();
        return;
      }
      case TokenType.COLON:
        if (frame?.expect !== 'colon') this.fail('unexpected ":"');
        frame.expect = 'value';
        return;
      case TokenType.COMMA:
        if (frame?.expect !== 'comma') this.fail('unexpected ","');
        frame.expect = frame.object ? 'key' : 'value';
        return;
      case TokenType.SEPARATOR:
        return;
      case TokenType.STRING:
        if (frame?.object && (frame.expect === 'key' || frame.expect === 'first')) {
          frame.key = value as string;
          frame.expect = 'colon';
          return;
        }
        this.scalar(frame, value, offset);
        return;
      default:
        this.scalar(frame, value, offset);
    }
  }

  /** Where a value that begins now goes: its mode, after checking a value may come here. */
  private begin(frame: Frame | undefined, kind: 'object' | 'array' | 'scalar', offset: number) {
    if (!frame) {
      if (this.rootDone && !this.options.many) this.fail('more than one JSON value');
    } else if (frame.expect !== 'value' && !(frame.expect === 'first' && !frame.object)) {
      this.fail('unexpected value');
    }
    let mode: Mode;
    if (frame && frame.mode !== 'walk') {
      mode = frame.mode;
    } else {
      if (frame) this.path.push(frame.object ? (frame.key as string) : frame.index);
      mode = this.select(this.path, kind);
      if (mode === 'build') {
        this.itemStart = offset;
        this.duplicateKey = null;
        this.itemValues = 0;
      }
    }
    if (mode === 'build' && ++this.itemValues > MAX_ITEM_VALUES) {
      this.fail(`an item holds more than ${MAX_ITEM_VALUES} values`, 'size');
    }
    return mode;
  }

  private open(frame: Frame | undefined, object: boolean, offset: number): void {
    const mode = this.begin(frame, object ? 'object' : 'array', offset);
    if (this.frames.length >= MAX_JSON_DEPTH)
      this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`, 'depth');
    this.frames.push({
      object,
      mode,
      container: mode === 'build' ? (object ? {} : []) : null,
      key: null,
      index: 0,
      expect: 'first',
    });
  }

  private close(): void {
    const done = this.frames.pop() as Frame;
    if (done.mode === 'walk') this.options.onEnd?.(this.path);
    this.ended(this.frames.at(-1), done.mode, done.container);
  }

  private scalar(frame: Frame | undefined, value: unknown, offset: number): void {
    const mode = this.begin(frame, 'scalar', offset);
    this.ended(frame, mode, value);
  }

  /** A value ended: into the container being built, or handed over when it is an item. */
  private ended(parent: Frame | undefined, mode: Mode, value: unknown): void {
    if (parent?.mode === 'build') {
      this.put(parent, value);
    } else {
      if (mode === 'build') {
        this.onItem({ value, path: [...this.path], duplicateKey: this.duplicateKey });
        this.itemStart = -1;
      }
      if (parent?.mode === 'walk') this.path.pop();
    }
    if (parent) {
      parent.expect = 'comma';
      if (!parent.object) parent.index++;
    } else {
      this.rootDone = true;
    }
  }

  private put(frame: Frame, value: unknown): void {
    if (frame.object) {
      const object = frame.container as Record<string, unknown>;
      const key = frame.key as string;
      if (Object.hasOwn(object, key)) this.duplicateKey ??= key;
      // As JSON.parse does: `__proto__` is an own key like any other, never the prototype.
      if (key === '__proto__') {
        Object.defineProperty(object, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        object[key] = value;
      }
    } else {
      (frame.container as unknown[]).push(value);
    }
  }
}

/**
 * Streams the items of a JSON body without holding the body: `select` picks what is built
 * (JsonDocument). A body of several JSON values one after the other is read when `many`. An
 * item or a value over MAX_ITEM_BYTES refuses the body with 413; bad JSON or nesting over
 * MAX_JSON_DEPTH with 400 (the stream cannot be resynchronised past it).
 */
export class JsonItems {
  private document: JsonDocument | null = null;
  private skipBom = true;

  constructor(
    private readonly select: (firstByte: number) => JsonSelect,
    private readonly onItem: (item: JsonItem) => void,
    private readonly options: JsonDocumentOptions = {},
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.skipBom) {
      this.skipBom = false;
      if (BOM.every((byte, i) => chunk[i] === byte)) data = chunk.subarray(3);
    }
    if (!this.document) {
      let first = 0;
      while (first < data.length && [SPACE, TAB, LF, CR].includes(data[first])) first++;
      if (first === data.length) return;
      this.document = new JsonDocument(this.select(data[first]), this.onItem, this.options);
    }
    try {
      this.document.write(data);
    } catch (error) {
      throw bodyError(error);
    }
  }

  end(): void {
    if (!this.document?.started) throw new UploadError('BAD_REQUEST', 'The body is empty');
    try {
      this.document.end();
    } catch (error) {
      throw bodyError(error);
    }
  }
}

function bodyError(error: unknown): unknown {
  if (!(error instanceof JsonShapeError)) return error;
  if (error.kind === 'size') {
    return new UploadError('PAYLOAD_TOO_LARGE', `The body is refused: ${error.message}`);
  }
  return new UploadError('BAD_REQUEST', `The body is not valid JSON: ${error.message}`);
}

/** One JSON value parsed from bytes (an NDJSON line), or why it is not one. */
export type ParsedLine =
  | { ok: true; value: unknown; duplicateKey: string | null }
  | { ok: false; reason: string };

/** A whole JSON value in `buf` [start, end) by the rules of JsonDocument. */
export function parseJsonBytes(buf: Buffer, start: number, end: number): ParsedLine {
  let item: JsonItem | null = null;
  const document = new JsonDocument(
    () => 'build',
    (found) => {
      item = found;
    },
  );
  try {
    document.write(buf.subarray(start, end));
    document.end();
  } catch (error) {
    if (error instanceof JsonShapeError) return { ok: false, reason: error.lineReason };
    throw error;
  }
  const found = item as JsonItem | null;
  if (!found) return { ok: false, reason: 'invalid JSON' };
  return { ok: true, value: found.value, duplicateKey: found.duplicateKey };
}

/**
 * What JsonLines hands each line's JSON to: `select` and `item` as for a JsonDocument (the
 * whole value of the line is built when `select` is absent), `end` for each walked container
 * that closes, then `line` once the line is over.
 */
export interface JsonLineHandler {
  select?: JsonSelect;
  item(item: JsonItem): void;
  end?(path: readonly (string | number)[]): void;
  /**
   * The line `lineNumber` is over: `problem` says why it is rejected (not JSON, not UTF-8,
   * too deep, a value too large), null when it is not; `blank` when it held no JSON at all.
   * `head` is its first bytes, for an error report.
   */
  line(lineNumber: number, problem: string | null, blank: boolean, head: string): void;
}

const HEAD_BYTES = 256;

/**
 * Reads NDJSON without holding a line: each line's bytes go to its own JsonDocument as they
 * arrive, so memory holds what the handler builds of one line (bounded as a JsonDocument's
 * items are), however long the line. A line that is not JSON, not UTF-8 or too deep is
 * rejected alone and the next line starts afresh.
 */
export class JsonLines {
  private document: JsonDocument | null = null;
  private decoder = new TextDecoder('utf-8', { fatal: true });
  private lineNumber = 0;
  private lineBytes = 0;
  private problem: string | null = null;
  private readonly head = Buffer.alloc(HEAD_BYTES);
  private headLength = 0;

  constructor(private readonly handler: JsonLineHandler) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      const newline = chunk.indexOf(LF, pos);
      const stop = newline === -1 ? chunk.length : newline;
      this.feed(chunk, pos, stop);
      if (newline === -1) return;
      this.finishLine();
      pos = newline + 1;
    }
  }

  end(): void {
    if (this.lineBytes > 0) this.finishLine();
  }

  private feed(chunk: Buffer, start: number, end: number): void {
    if (end === start) return;
    if (this.lineBytes === 0) this.lineNumber++;
    if (this.headLength < HEAD_BYTES) {
      this.headLength += chunk.copy(this.head, this.headLength, start, end);
    }
    this.lineBytes += end - start;
    if (this.problem) return;
    const slice = chunk.subarray(start, end);
    try {
      this.decoder.decode(slice, { stream: true });
    } catch {
      this.problem = 'invalid UTF-8';
      return;
    }
    const { handler } = this;
    this.document ??= new JsonDocument(
      handler.select ?? (() => 'build'),
      (item) => handler.item(item),
      { onEnd: handler.end && ((path) => handler.end?.(path)) },
    );
    try {
      this.document.write(slice);
    } catch (error) {
      if (!(error instanceof JsonShapeError)) throw error;
      this.problem = error.lineReason;
    }
  }

  private finishLine(): void {
    if (this.lineBytes === 0) {
      this.lineNumber++;
      return;
    }
    const lineNumber = this.lineNumber;
    if (!this.problem) {
      try {
        this.decoder.decode();
      } catch {
        this.problem = 'invalid UTF-8';
      }
    }
    if (!this.problem && this.document) {
      try {
        this.document.end();
      } catch (error) {
        if (!(error instanceof JsonShapeError)) throw error;
        this.problem = error.lineReason;
      }
    }
    const head = this.head.toString('utf8', 0, this.headLength);
    const problem = this.problem;
    const blank = !(this.document?.started ?? false) && problem === null;
    this.document = null;
    this.decoder = new TextDecoder('utf-8', { fatal: true });
    this.lineBytes = 0;
    this.headLength = 0;
    this.problem = null;
    this.handler.line(lineNumber, problem, blank, head);
  }
}

/** An item as assembled: what was kept of it, and why it is rejected for a key held twice. */
export interface AssembledItem {
  value: unknown;
  /** The reason, when a key is held twice (exactly, or spelled as `field` compares keys). */
  duplicate: string | null;
}

/**
 * Puts items (AEP profiles, AAM users) together as a JsonDocument walks them, keeping only
 * the keys it reads: an object at `depth` is walked, only its keys in `keys` (as normalizeKey
 * writes them) are built, each bounded as an item is, and the object is handed to `emit`
 * when it closes. So an item's other keys, however large, are never held. A value at `depth`
 * that is not an object is built and handed over as it is (for its reader to reject). A key
 * read twice (exactly or as `field` compares keys) keeps its first value only and rejects
 * the item.
 */
export class ItemAssembler {
  private fields: Record<string, unknown> = {};
  private seen = new Map<string, string>();
  private duplicate: string | null = null;

  constructor(
    private readonly depth: number,
    private readonly keys: ReadonlySet<string>,
    private readonly emit: (item: AssembledItem) => void,
  ) {}

  /** What to do at `path`, at or below `depth` (the caller decides above it). */
  readonly select: JsonSelect = (path, kind) => {
    if (path.length < this.depth) return 'walk';
    if (path.length === this.depth) {
      if (kind !== 'object') return 'build';
      this.fields = {};
      this.seen = new Map();
      this.duplicate = null;
      return 'walk';
    }
    return this.keys.has(normalizeKey(String(path[this.depth]))) ? 'build' : 'skip';
  };

  readonly item = (item: JsonItem) => {
    if (item.path.length === this.depth) {
      const duplicate =
        item.duplicateKey === null ? null : new DuplicateKeyError(item.duplicateKey, false).message;
      this.emit({ value: item.value, duplicate });
      return;
    }
    const key = String(item.path[this.depth]);
    if (item.duplicateKey !== null) {
      this.duplicate ??= new DuplicateKeyError(item.duplicateKey, false).message;
    }
    const normalized = normalizeKey(key);
    const earlier = this.seen.get(normalized);
    if (earlier !== undefined) {
      // Not kept: a second spelling must not hold a second value in memory.
      this.duplicate ??= new DuplicateKeyError(key, earlier !== key).message;
      return;
    }
    this.seen.set(normalized, key);
    this.fields[key] = item.value;
  };

  /** A walked container closed: at `depth`, the item is complete. */
  readonly end = (path: readonly (string | number)[]) => {
    if (path.length !== this.depth) return;
    this.emit({ value: this.fields, duplicate: this.duplicate });
  };
}

/**
 * `object[key]` for the key matched ignoring case, `_`, `-` and an `xdm:` prefix. Two keys
 * that match it (`status` and `xdm:status`) are a DuplicateKeyError: which one was meant is
 * not for the reader to guess.
 */
export function field(object: Record<string, unknown>, name: string): unknown {
  const wanted = normalizeKey(name);
  let found: string | undefined;
  for (const key of Object.keys(object)) {
    if (normalizeKey(key) !== wanted) continue;
    if (found !== undefined) throw new DuplicateKeyError(key);
    found = key;
  }
  return found === undefined ? undefined : object[found];
}

/** An item holds one key twice (exactly, or as `field` compares keys). */
export class DuplicateKeyError extends Error {
  constructor(
    readonly key: string,
    readonly spelled = true,
  ) {
    super(
      spelled
        ? `duplicate key "${key}" (keys are compared ignoring case, "_", "-" and "xdm:")`
        : `duplicate key "${key}"`,
    );
    this.name = 'DuplicateKeyError';
  }
}

/** A key as compared: lower case, without an `xdm:` prefix, `_` or `-`. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/^xdm:/, '').replace(/[_-]/g, '');
}

/**
 * A short JSON text of `value` for an error report: long strings, arrays and objects are cut
 * before they are written, so a large item costs no more than a small one.
 */
export function preview(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && v.length > PREVIEW_STRING) return `${v.slice(0, PREVIEW_STRING)}…`;
    if (Array.isArray(v) && v.length > PREVIEW_MEMBERS) {
      return [...v.slice(0, PREVIEW_MEMBERS), `… ${v.length - PREVIEW_MEMBERS} more`];
    }
    if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length > PREVIEW_MEMBERS) {
        const shown: Record<string, unknown> = {};
        for (const key of keys.slice(0, PREVIEW_MEMBERS)) shown[key] = v[key];
        shown['…'] = `${keys.length - PREVIEW_MEMBERS} more keys`;
        return shown;
      }
    }
    return v;
  });
  return (text ?? String(value)).slice(0, 300);
}

const PREVIEW_STRING = 100;
const PREVIEW_MEMBERS = 5;

/**
 * The checked form of one assembled item (a profile, a user), or null once `reject` has been
 * told why it is refused: it is not an object, or it holds a key twice (seen while it was
 * assembled, or by `check` meeting two spellings of one key as a DuplicateKeyError).
 */
export function checkItem<T>(
  item: AssembledItem,
  what: string,
  check: (value: Record<string, unknown>) => T | null,
  reject: (value: string, reason: string) => void,
): T | null {
  const value = item.value;
  if (!isObject(value)) {
    reject(preview(value), `expected a JSON object (${what})`);
    return null;
  }
  if (item.duplicate !== null) {
    reject(preview(value), item.duplicate);
    return null;
  }
  try {
    return check(value);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    reject(preview(value), error.message);
    return null;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
