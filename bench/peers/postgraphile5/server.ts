import { createServer } from 'node:http';

/**
 * The read API's peer: PostGraphile 5 (the current line) over the same seeded tables, in its
 * own process, as the bench starts it on PORT against DATABASE_URL. PostGraphile 5 needs
 * Node >= 22, so the bench runs this file on such a node (bench/postgraphile5-peer.ts). Its
 * V4 preset, with the options bench/postgraphile-server.ts gives PostGraphile 4, makes the
 * same schema, so the same query asks both for the same page. It resolves `postgraphile` from
 * this folder's own node_modules (bench/postgraphile5-peer.ts installs it), not PostGraphile 4
 * from the project's.
 *
 * Its modules are imported by a name TypeScript does not follow: grafast's type declarations
 * augment graphql's own (ExecutionResult gains `hasNext`), which would change the types the
 * rest of the project is checked against.
 */
const pkg = 'postgraphile';
const load = (entry: string) => import(`${pkg}${entry}`);
const [{ postgraphile }, { makePgService }, { grafserv }, { PostGraphileAmberPreset }, v4] =
  await Promise.all([
    load(''),
    load('/adaptors/pg'),
    load('/grafserv/node'),
    load('/presets/amber'),
    load('/presets/v4'),
  ]);

const preset = {
  extends: [
    PostGraphileAmberPreset,
    v4.makeV4Preset({
      disableDefaultMutations: true,
      dynamicJson: true,
      ignoreRBAC: true,
      graphiql: false,
    }),
  ],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
};
const serv = postgraphile(preset).createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void serv.release().then(() => process.exit(0)));
});
