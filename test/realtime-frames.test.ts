import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_GRAPHQL_BODY_BYTES } from '../src/http/server.js';
import { WS_MESSAGE_BYTES, WS_MESSAGE_BYTES_BEFORE_INIT } from '../src/realtime/realtime.js';
import { publishSteps, runSteps, SYNC_PROGRESS, seedSyncJob } from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

type ServerFrame = { type: 'text'; data: string } | { type: 'close'; code: number };

/**
 * A WebSocket client on a bare TCP socket, so a test can send a frame header alone and see
 * the server answer it without ever sending the payload the header announces.
 */
class RawWebSocket {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly frames: ServerFrame[] = [];
  private waiter: (() => void) | null = null;
  private ended = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', () => {});
  }

  static async open(httpUrl: string): Promise<RawWebSocket> {
    const { hostname, port } = new URL(httpUrl);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(
      [
        'GET /graphql HTTP/1.1',
        `Host: ${hostname}:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Protocol: graphql-transport-ws',
        '',
        '',
      ].join('\r\n'),
    );
    let head = Buffer.alloc(0);
    const rest = await new Promise<Buffer>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!status.includes(' 101 ')) reject(new Error(`no upgrade: ${status}`));
        else resolve(head.subarray(end + 4));
      };
      socket.on('data', onData);
    });
    const ws = new RawWebSocket(socket);
    ws.buffer = rest;
    ws.parse();
    return ws;
  }

  /** A masked frame header announcing `length` payload bytes, as a client must send. */
  private static header(length: number, opcode: number, fin: boolean): Buffer {
    const first = (fin ? 0x80 : 0) | opcode;
    const mask = randomBytes(4);
    if (length < 126) return Buffer.concat([Buffer.from([first, 0x80 | length]), mask]);
    if (length < 65_536) {
      const head = Buffer.from([first, 0x80 | 126, 0, 0]);
      head.writeUInt16BE(length, 2);
      return Buffer.concat([head, mask]);
    }
    const head = Buffer.alloc(10);
    head[0] = first;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
    return Buffer.concat([head, mask]);
  }

  private static frame(data: Buffer, opcode: number, fin: boolean): Buffer {
    const header = RawWebSocket.header(data.length, opcode, fin);
    const mask = header.subarray(header.length - 4);
    const payload = Buffer.from(data);
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
    return Buffer.concat([header, payload]);
  }

  /** Sends a whole text message in one frame. */
  send(message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.socket.write(RawWebSocket.frame(Buffer.from(text), 0x1, true));
  }

  /** Sends one text message as several frames (a text frame, then continuation frames). */
  sendFragmented(parts: Buffer[]): void {
    const frames = parts.map((part, i) =>
      RawWebSocket.frame(part, i === 0 ? 0x1 : 0x0, i === parts.length - 1),
    );
    this.socket.write(Buffer.concat(frames));
  }

  /** Sends only the header of a text frame of `length` bytes, and none of its payload. */
  announce(length: number): void {
    this.socket.write(RawWebSocket.header(length, 0x1, true));
  }

  /** The next text message or close frame from the server (pings and pongs are skipped). */
  async next(): Promise<ServerFrame> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame) return frame;
      if (this.ended) throw new Error('the server ended the connection without a close frame');
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** The next graphql-ws message, parsed; fails on a close frame. */
  async message(): Promise<{ type: string; id?: string; payload?: unknown }> {
    const frame = await this.next();
    if (frame.type === 'close') throw new Error(`closed with ${frame.code}`);
    return JSON.parse(frame.data);
  }

  /** The close code the server sends next, skipping any messages before it. */
  async closeCode(): Promise<number> {
    for (;;) {
      const frame = await this.next();
      if (frame.type === 'close') return frame.code;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private parse() {
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const opcode = b[0] & 0x0f;
      let length = b[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + length) return;
      const payload = b.subarray(offset, offset + length);
      this.buffer = b.subarray(offset + length);
      if (opcode === 0x1) this.frames.push({ type: 'text', data: payload.toString() });
      else if (opcode === 0x8) {
        this.frames.push({
          type: 'close',
          code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
        });
      }
      this.notify();
    }
  }
}

/** A JSON message of exactly `bytes` bytes: `build(padding)` padded with "x" to that length. */
function sized(bytes: number, build: (padding: string) => unknown): string {
  const bare = JSON.stringify(build('')).length;
  const message = JSON.stringify(build('x'.repeat(bytes - bare)));
  expect(Buffer.byteLength(message)).toBe(bytes);
  return message;
}

let t: TestApp;
let ws: TestWorkspace;
const sockets: RawWebSocket[] = [];

async function open() {
  const socket = await RawWebSocket.open(t.url);
  sockets.push(socket);
  return socket;
}

/** An acknowledged graphql-ws connection. */
async function authenticated() {
  const socket = await open();
  socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${ws.token}` } });
  expect(await socket.message()).toMatchObject({ type: 'connection_ack' });
  return socket;
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await t?.close();
});

describe('WebSocket message size limits', () => {
  it('are 64 KiB before connection_init and the HTTP GraphQL body limit after it', () => {
    expect(WS_MESSAGE_BYTES_BEFORE_INIT).toBe(64 * 1024);
    expect(WS_MESSAGE_BYTES).toBe(MAX_GRAPHQL_BODY_BYTES);
  });

  it('before connection_init: a frame over 64 KiB is refused from its header alone (1009)', async () => {
    const socket = await open();
    // Only the header is sent: the server answers without waiting for (or holding) a payload.
    socket.announce(WS_MESSAGE_BYTES_BEFORE_INIT + 1);
    expect(await socket.closeCode()).toBe(1009);
    const huge = await open();
    huge.announce(90_000_000);
    expect(await huge.closeCode()).toBe(1009);
  });

  it('before connection_init: an oversized connection_init is refused even with a valid token', async () => {
    const socket = await open();
    socket.send(
      sized(WS_MESSAGE_BYTES_BEFORE_INIT + 1, (pad) => ({
        type: 'connection_init',
        payload: { authorization: `Bearer ${ws.token}`, pad },
      })),
    );
    expect(await socket.closeCode()).toBe(1009);
  });

  it('a connection_init of exactly 64 KiB is accepted', async () => {
    const socket = await open();
    socket.send(
      sized(WS_MESSAGE_BYTES_BEFORE_INIT, (pad) => ({
        type: 'connection_init',
        payload: { authorization: `Bearer ${ws.token}`, pad },
      })),
    );
    expect(await socket.message()).toMatchObject({ type: 'connection_ack' });
  });

  it('after connection_init: a subscribe of exactly the limit is served', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    await publishSteps(t.database.pool, job, runSteps(1));
    const socket = await authenticated();
    // Variables the operation does not declare are ignored: padding that still parses.
    socket.send(
      sized(WS_MESSAGE_BYTES, (padding) => ({
        id: '1',
        type: 'subscribe',
        payload: {
          query: SYNC_PROGRESS,
          variables: { syncJobId: job.globalId, afterSequence: 0, padding },
        },
      })),
    );
    const first = await socket.message();
    expect(first).toMatchObject({
      id: '1',
      type: 'next',
      payload: { data: { syncProgress: { sequence: 1 } } },
    });
  });

  it('after connection_init: a frame over the limit closes the socket with 1009', async () => {
    const socket = await authenticated();
    socket.announce(WS_MESSAGE_BYTES + 1);
    expect(await socket.closeCode()).toBe(1009);
  });

  it('before connection_init: counts a message split into frames as a whole', async () => {
    const socket = await open();
    // Two frames of 40 KiB each: neither is over the limit, the message they make is.
    socket.sendFragmented([Buffer.alloc(40 * 1024, 0x20), Buffer.alloc(40 * 1024, 0x20)]);
    expect(await socket.closeCode()).toBe(1009);
  });
});
