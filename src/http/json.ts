import type { ServerResponse } from 'node:http';

/** Answers `body` as JSON with `status` (and any extra headers): the one JSON writer of the routes. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
