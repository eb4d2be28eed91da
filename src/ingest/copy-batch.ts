/** Size of one COPY data message: large enough that per-message overhead vanishes. */
const BATCH_BYTES = 256 * 1024;

const BACKSLASH = 0x5c;
const TAB = 0x09;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Collects rows in PostgreSQL's COPY text format into large buffers and hands each full one
 * to `write`. Rows are appended byte by byte, so a valid line can go from the request chunk
 * to the COPY stream without becoming a string.
 */
export class CopyBatch {
  private buf = Buffer.allocUnsafe(BATCH_BYTES);
  private length = 0;

  constructor(private readonly write: (chunk: Buffer) => void) {}

  /** Makes room for `bytes` more bytes (one encoded row never exceeds BATCH_BYTES). */
  reserve(bytes: number): void {
    if (this.length + bytes > this.buf.length) this.flush();
  }

  /** Appends raw bytes that need no escaping (validated identifiers). */
  bytes(src: Buffer, start: number, end: number): void {
    src.copy(this.buf, this.length, start, end);
    this.length += end - start;
  }

  /** Appends one byte: a delimiter (tab) or the row end (newline). */
  byte(value: number): void {
    this.buf[this.length++] = value;
  }

  /** Appends a value (or NULL), escaping what COPY text format treats specially. */
  value(value: string | null): void {
    if (value === null) {
      this.buf[this.length++] = BACKSLASH;
      this.buf[this.length++] = 0x4e; // N
      return;
    }
    if (!/[\\\t\n\r]/.test(value)) {
      this.length += this.buf.write(value, this.length);
      return;
    }
    for (const byte of Buffer.from(value)) {
      if (byte === BACKSLASH || byte === TAB || byte === NEWLINE || byte === CARRIAGE_RETURN) {
        this.buf[this.length++] = BACKSLASH;
        this.buf[this.length++] =
          byte === BACKSLASH ? BACKSLASH : byte === TAB ? 0x74 : byte === NEWLINE ? 0x6e : 0x72;
      } else {
        this.buf[this.length++] = byte;
      }
    }
  }

  /** Hands over the collected rows; the next rows go to a fresh buffer. */
  flush(): void {
    if (this.length === 0) return;
    this.write(this.buf.subarray(0, this.length));
    this.buf = Buffer.allocUnsafe(BATCH_BYTES);
    this.length = 0;
  }
}
