import { createServer } from 'node:http';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The read API's peer: PostGraphile 4 (the line that runs on Node 20) over the same seeded
 * tables, in its own process, as the bench starts it on PORT against DATABASE_URL. Defaults
 * kept (no auth, no JWT, no query log): what PostGraphile costs to serve the same data.
 *
 * PostGraphile 4 needs graphql 15 and the project uses 16, so npm gives PostGraphile's
 * packages nested copies of graphql 15 (one under postgraphile, one under graphile-build-pg),
 * and graphql refuses to mix types of two copies. Every `graphql` import of this process is
 * therefore resolved to the copy under postgraphile, so its whole tree shares one.
 */
const require = createRequire(import.meta.url);
const postgraphileDir = require.resolve('postgraphile/package.json').replace(/package\.json$/, '');
const graphqlDir = path.dirname(createRequire(postgraphileDir).resolve('graphql/package.json'));
type Resolve = (request: string, ...rest: unknown[]) => string;
const modules = Module as unknown as { _resolveFilename: Resolve };
const resolve = modules._resolveFilename;
modules._resolveFilename = function (request: string, ...rest: unknown[]) {
  const target =
    request === 'graphql'
      ? graphqlDir
      : request.startsWith('graphql/')
        ? path.join(graphqlDir, request.slice('graphql/'.length))
        : request;
  return resolve.call(this, target, ...rest);
};

const { postgraphile } = require('postgraphile') as typeof import('postgraphile');
const server = createServer(
  postgraphile(process.env.DATABASE_URL, 'public', {
    graphqlRoute: '/graphql',
    disableQueryLog: true,
    retryOnInitFail: false,
    dynamicJson: true,
    ignoreRBAC: true,
    disableDefaultMutations: true,
    graphiql: false,
  }),
);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
