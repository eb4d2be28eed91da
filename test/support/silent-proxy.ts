import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that can go silent: while `silence()` holds, it reads
 * nothing and forwards nothing in either direction, as a database that is stopped (SIGSTOP)
 * or cut off by the network would, without disturbing the server other test files share.
 */
export interface SilentProxy {
  /** `databaseUrl` with host and port replaced by the proxy's. */
  url: string;
  silence(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startSilentProxy(databaseUrl: string): Promise<SilentProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  // Held while silent, in order, and delivered on resume (pipe() would resume a paused
  // source whenever its destination drains, so forwarding is done by hand).
  let held: (() => void)[] | null = null;
  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      const deliver = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (held) held.push(deliver);
      else deliver();
    });
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    silence() {
      held ??= [];
    },
    resume() {
      const pending = held ?? [];
      held = null;
      for (const deliver of pending) deliver();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
