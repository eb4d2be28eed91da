import { JSONParser } from '@streamparser/json';
import { UploadError } from './records.js';

/** Largest single item (profile, user) a JSON body may hold; the parser holds one at a time. */
export const MAX_ITEM_BYTES = 4 * 1024 * 1024;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** The JSON value at `stack` depth under the key it was found at. */
export interface JsonItem {
  value: unknown;
  /** Keys from the root down to the value itself (array indexes as numbers). */
  path: (string | number)[];
}

/**
 * Streams the items of a JSON body through @streamparser/json without holding the body:
 * `paths` picks what is emitted (`$.*` the elements of a root array, `$` each root value of
 * one or more concatenated ones). Emitted values are dropped from their parents as they are
 * handed over, so memory holds one item at a time, at most MAX_ITEM_BYTES (413 beyond). Bad
 * JSON refuses the body (400): the stream cannot be resynchronised past it.
 */
export class JsonItems {
  private parser: JSONParser | null = null;
  private sinceItem = 0;
  private started = false;
  private skipBom = true;

  constructor(
    private readonly paths: (firstByte: number) => string[],
    private readonly onItem: (item: JsonItem) => void,
  ) {}

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.skipBom) {
      this.skipBom = false;
      if (BOM.every((byte, i) => chunk[i] === byte)) data = chunk.subarray(3);
    }
    if (!this.parser) {
      let first = 0;
      while (first < data.length && [SPACE, TAB, LF, CR].includes(data[first])) first++;
      if (first === data.length) return;
      this.parser = this.makeParser(this.paths(data[first]));
    }
    this.started = true;
    this.sinceItem += data.length;
    if (this.sinceItem > MAX_ITEM_BYTES) {
      throw new UploadError(
        413,
        `An item of the body is over ${MAX_ITEM_BYTES} bytes`,
        'PAYLOAD_TOO_LARGE',
      );
    }
    try {
      this.parser.write(data);
    } catch (error) {
      if (error instanceof UploadError) throw error;
      throw new UploadError(400, `The body is not valid JSON: ${(error as Error).message}`);
    }
  }

  end(): void {
    if (!this.started || !this.parser) throw new UploadError(400, 'The body is empty');
    try {
      if (!this.parser.isEnded) this.parser.end();
    } catch (error) {
      throw new UploadError(400, `The body is not valid JSON: ${(error as Error).message}`);
    }
  }

  private makeParser(paths: string[]): JSONParser {
    const parser = new JSONParser({ paths, keepStack: false, separator: '' });
    parser.onValue = ({ value, key, parent, stack }) => {
      const path = stack.slice(1).map((entry) => entry.key as string | number);
      if (key !== undefined) path.push(key as string | number);
      // Array elements stay in their parent while an ancestor is emitted too: drop them.
      if (Array.isArray(parent) && stack.length > 1) parent.length = 0;
      this.sinceItem = 0;
      this.onItem({ value, path });
    };
    return parser;
  }
}

/** `object[key]` for a key matched ignoring case, `_`, `-` and an `xdm:` prefix. */
export function field(object: Record<string, unknown>, name: string): unknown {
  const wanted = normalizeKey(name);
  for (const key of Object.keys(object)) {
    if (normalizeKey(key) === wanted) return object[key];
  }
  return undefined;
}

/** A key as compared: lower case, without an `xdm:` prefix, `_` or `-`. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/^xdm:/, '').replace(/[_-]/g, '');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
