/** Longest accepted line in bytes, without its line ending; longer lines are rejected alone. */
export const MAX_LINE_BYTES = 4096;

/** Receives the lines of a byte stream, numbered from 1 (blank lines count). */
export interface LineHandler {
  /**
   * A complete line: bytes [start, end) of `buf`, line ending removed. The bytes are only
   * valid during the call (the buffer is reused).
   */
  line(buf: Buffer, start: number, end: number, lineNumber: number): void;
  /** A line over the limit; `head` holds its first bytes (for the error report). */
  oversized(head: Buffer, lineNumber: number): void;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a stream of chunks into lines (LF or CRLF) without holding more than one line: lines
 * inside a chunk are handed over as slices of that chunk (no copy); only a line split across
 * chunks is carried, into a fixed buffer. An oversized line is skipped up to its end, so
 * memory stays bounded whatever the input.
 */
export class LineSplitter {
  private readonly carry: Buffer;
  private carryLength = 0;
  private overflow = false;
  private lineNumber = 0;

  constructor(
    private readonly handler: LineHandler,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {
    // One byte more than the limit: room for the CR of a CRLF line of exactly maxBytes.
    this.carry = Buffer.allocUnsafe(maxBytes + 1);
  }

  push(chunk: Buffer): void {
    let pos = 0;
    const length = chunk.length;
    while (pos < length) {
      const newline = chunk.indexOf(LF, pos);
      if (newline === -1) {
        this.keep(chunk, pos, length);
        return;
      }
      if (this.carryLength === 0 && !this.overflow) {
        this.emit(chunk, pos, newline);
      } else {
        this.keep(chunk, pos, newline);
        this.emitCarry();
      }
      pos = newline + 1;
    }
  }

  /** Flushes a last line that has no line ending. */
  end(): void {
    if (this.carryLength > 0 || this.overflow) this.emitCarry();
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (this.overflow) return;
    const room = this.carry.length - this.carryLength;
    if (end - start > room) {
      chunk.copy(this.carry, this.carryLength, start, start + room);
      this.carryLength += room;
      this.overflow = true;
      return;
    }
    chunk.copy(this.carry, this.carryLength, start, end);
    this.carryLength += end - start;
  }

  private emitCarry(): void {
    if (this.overflow) {
      this.lineNumber++;
      this.handler.oversized(
        this.carry.subarray(0, Math.min(this.carryLength, 256)),
        this.lineNumber,
      );
    } else {
      this.emit(this.carry, 0, this.carryLength);
    }
    this.carryLength = 0;
    this.overflow = false;
  }

  private emit(buf: Buffer, start: number, end: number): void {
    this.lineNumber++;
    const stop = end > start && buf[end - 1] === CR ? end - 1 : end;
    if (stop - start > this.maxBytes) {
      this.handler.oversized(
        buf.subarray(start, start + Math.min(stop - start, 256)),
        this.lineNumber,
      );
      return;
    }
    this.handler.line(buf, start, stop, this.lineNumber);
  }
}
