import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';
import { perOperation } from './per-operation.js';

/**
 * The query cost model. A field's weight approximates the database work it causes; the cost
 * of an operation is the sum over every selected field (aliases count separately), where the
 * selection under a connection's `edges` counts once per item its `first` or `last` asks for
 * (the smaller when both; neither: the default page size). An operation above MAX_QUERY_COST is refused before it executes.
 *
 * Weights are declared next to their fields with `extensions: costOf(...)`; a field without
 * one weighs COST.object when it returns an object (a batched load), COST.count when it is
 * a connection's totalCount, and nothing when it is a scalar read from an already loaded row.
 * The parts of a page (`edges`, `node`, `pageInfo`, `cursor`) weigh nothing: the connection
 * field loaded them.
 *
 * Every list counts its worst case: the walk carries how many objects each selection runs
 * for. A connection's `edges` holds `first` (or `last`) items per parent; `nodes(ids)` one per id; any
 * other list (a folder's children, an audience's sync jobs) the bound declared beside it with
 * `extensions: listOf(...)`: at most `each` items per parent and, when the items of different
 * parents are distinct rows (a folder has one parent), at most `inAll` items for all parents
 * together, which keeps a folder tree read level by level linear in its folders. A list
 * declaring no bound counts MAX_PAGE_SIZE items per parent.
 */
export const COST = {
  /** An object-valued field: one row (or one batched statement for a page of parents). */
  object: 1,
  /** A lookup list loaded per parent in one batched statement (Lead.ecids). */
  lookup: 1,
  /** totalCount of a connection of workspace entities (audiences, lists, leads, jobs, runs). */
  count: 10,
  /** List.memberCount and a list's members totalCount: counts a list's memberships. */
  listMemberCount: 20,
  /** Audience.memberCount: counts an audience's ECIDs (millions on a large audience). */
  audienceMemberCount: 100,
  /** Audience.explainMatch and explainLead: one statement of index lookups per audience, not batched. */
  explainMatch: 50,
  /**
   * previewAudienceSync: resolves the whole audience through cookie syncs to leads (about
   * 0.4 s on a 5M-ECID audience here), so one request may ask for at most two.
   */
  previewAudienceSync: 10_000,
} as const;

/**
 * The highest cost one operation may have. For example: 2 previews (20,000); a page of 100
 * audiences with memberCount (10,001); 500 audiences with their folder (501); the dashboard's
 * 50 sync jobs with audience, folder, list, last run and stats (261).
 */
export const MAX_QUERY_COST = 20_000;

/** The error code of a refused operation. */
export const COST_LIMIT_CODE = 'COST_LIMIT_EXCEEDED';

/** Field extensions that give the field its weight in the cost model. */
export const costOf = (weight: number) => ({ cost: weight });

/** The most items an unpaged list holds: per parent object, and for all parents together. */
export interface ListBound {
  each: number;
  inAll?: number;
}

/**
 * Field extensions that bound an unpaged list in the cost model (see ListBound); combine with
 * costOf by spreading both.
 */
export const listOf = (each: number, inAll?: number) => ({
  listBound: { each, inAll } satisfies ListBound,
});

/**
 * Bounds of the unpaged lists, declared here so that their fields and the tests agree. The
 * folders a workspace keeps in its library: the children of one folder, the roots, or one
 * level of a tree read through `children` (each folder has one parent) are at most this many.
 */
export const LIST_BOUNDS = {
  folders: 1_000,
  /** Sync jobs of one audience (each feeds its own list). */
  syncJobsPerAudience: 20,
  /** Leads one ECID reaches through its cookies (MatchExplanation.leads). */
  leadsPerEcid: 100,
  /** Parts of one held Audience Manager full set (the sets are at most MAX_HELD_SETS). */
  heldParts: 1_000,
  /** Field errors of one refused input: one per item of the largest (10,000 ECIDs a call). */
  fieldErrors: 10_000,
} as const;

type Variables = Record<string, unknown> | null | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  operation: OperationDefinitionNode;
  variables: Variables;
  /**
   * Cost of each fragment by name, objects and page size. A fragment used many times, by fragments
   * themselves used many times, would otherwise make this walk exponential in the document.
   */
  fragmentCosts: Map<string, number>;
}

const isConnection = (type: GraphQLNamedType) =>
  (isObjectType(type) || isInterfaceType(type)) &&
  'edges' in type.getFields() &&
  'pageInfo' in type.getFields();

const isEdge = (type: GraphQLNamedType) =>
  (isObjectType(type) || isInterfaceType(type)) &&
  'node' in type.getFields() &&
  'cursor' in type.getFields();

/** The weight of one resolution of `field` on an object of type `parent`. */
export function fieldWeight(
  field: GraphQLField<unknown, unknown>,
  parent: GraphQLNamedType,
): number {
  const declared = field.extensions?.cost;
  if (typeof declared === 'number') return declared;
  if (isConnection(parent)) {
    if (field.name === 'totalCount') return COST.count;
    if (field.name === 'edges' || field.name === 'pageInfo') return 0;
  }
  if (isEdge(parent) && (field.name === 'node' || field.name === 'cursor')) return 0;
  return isLeafType(getNamedType(field.type)) ? 0 : COST.object;
}

/** The integer an argument is given, literally or through a variable; undefined if absent. */
function argumentValue(walk: Walk, value: ValueNode | undefined): unknown {
  if (value?.kind === Kind.INT) return Number(value.value);
  if (value?.kind === Kind.LIST) return value.values;
  if (value?.kind === Kind.VARIABLE) {
    const name = value.name.value;
    const raw = walk.variables?.[name];
    if (raw !== undefined) return raw;
    const definition = walk.operation.variableDefinitions?.find(
      (v) => v.variable.name.value === name,
    );
    const fallback = definition?.defaultValue;
    if (fallback?.kind === Kind.INT) return Number(fallback.value);
    if (fallback?.kind === Kind.LIST) return fallback.values;
    return undefined;
  }
  if (value && value.kind !== Kind.NULL) return Number.NaN;
  return value ? null : undefined;
}

/** The page size an argument asks for, as the connection resolvers read it. */
function pageSize(walk: Walk, value: ValueNode | undefined): number {
  const raw = argumentValue(walk, value);
  if (raw === null || raw === undefined) return DEFAULT_PAGE_SIZE;
  // Anything else is refused by the resolver; until then it weighs like the largest page.
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return MAX_PAGE_SIZE;
  return Math.min(Math.max(raw, 0), MAX_PAGE_SIZE);
}

/**
 * The most items a connection field's page holds, as the connection resolvers read `first`
 * and `last` (src/schema/pagination.ts pageWindow): `last` counts like `first`, and with both
 * the page keeps at most the smaller. A field without paging arguments: the default page.
 */
function pageSizeOf(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  selection: FieldNode,
): number {
  const value = (name: string) =>
    field.args.some((arg) => arg.name === name)
      ? selection.arguments?.find((arg) => arg.name.value === name)?.value
      : undefined;
  const given = (node: ValueNode | undefined) => {
    const raw = argumentValue(walk, node);
    return raw !== null && raw !== undefined;
  };
  const first = value('first');
  const last = value('last');
  if (!given(last)) return pageSize(walk, first);
  if (!given(first)) return pageSize(walk, last);
  return Math.min(pageSize(walk, first), pageSize(walk, last));
}

/** How many ids a list argument holds (a single id is coerced to a list of one). */
function idCount(walk: Walk, value: ValueNode | undefined): number {
  const raw = argumentValue(walk, value);
  if (Array.isArray(raw)) return raw.length;
  return raw === null || raw === undefined ? 0 : 1;
}

/**
 * How many objects a field's selection runs for, given how many parents select it: one each
 * for an object, and for a list its worst case (see the model above).
 */
function itemsOf(
  walk: Walk,
  field: GraphQLField<unknown, unknown>,
  selection: FieldNode,
  parent: GraphQLNamedType,
  parents: number,
  itemsPerEdges: number,
): number {
  if (isConnection(parent) && field.name === 'edges') return parents * itemsPerEdges;
  let type = field.type;
  if (isNonNullType(type)) type = type.ofType;
  if (!isListType(type)) return parents;
  const ids = field.args.find((arg) => arg.name === 'ids');
  if (ids) {
    const value = selection.arguments?.find((arg) => arg.name.value === 'ids')?.value;
    return parents * idCount(walk, value);
  }
  const bound = field.extensions?.listBound as ListBound | undefined;
  if (!bound) return parents * MAX_PAGE_SIZE;
  return Math.min(parents * bound.each, bound.inAll ?? Number.POSITIVE_INFINITY);
}

/** The cost of `selectionSet` run for `parents` objects of type `parent`. */
function selectionCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  parents: number,
  itemsPerEdges: number,
  inProgress: Set<string>,
): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const field = parent.getFields()[selection.name.value];
      // __typename and introspection meta-fields are not in getFields(); they read no data.
      if (!field) continue;
      let cost = parents * fieldWeight(field, parent);
      const type = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(type)) {
        const firstArg = pageSizeOf(walk, field, selection);
        const items = itemsOf(walk, field, selection, parent, parents, itemsPerEdges);
        cost += selectionCost(walk, selection.selectionSet, type, items, firstArg, inProgress);
      }
      total += cost;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : parent;
      if (type) {
        total += selectionCost(
          walk,
          selection.selectionSet,
          type,
          parents,
          itemsPerEdges,
          inProgress,
        );
      }
    } else {
      const name = selection.name.value;
      const key = `${name}:${parents}:${itemsPerEdges}`;
      const known = walk.fragmentCosts.get(key);
      if (known !== undefined) {
        total += known;
        continue;
      }
      const fragment = walk.fragments.get(name);
      // A cycle is a validation error; stopping here keeps the walk finite regardless.
      if (!fragment || inProgress.has(name)) continue;
      const type = walk.schema.getType(fragment.typeCondition.name.value);
      if (!type) continue;
      inProgress.add(name);
      const cost = selectionCost(
        walk,
        fragment.selectionSet,
        type,
        parents,
        itemsPerEdges,
        inProgress,
      );
      inProgress.delete(name);
      walk.fragmentCosts.set(key, cost);
      total += cost;
    }
  }
  return total;
}

/**
 * The cost of the operation that `operationName` selects in `document` (the only one when
 * omitted), with `first` and `last` read from the request's variables. Branches of a union or interface
 * all count, so an operation never costs less than what it may execute.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  variables?: Variables,
): number {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const walk = { schema, fragments, operation, variables, fragmentCosts: new Map() };
  return selectionCost(walk, operation.selectionSet, root, 1, DEFAULT_PAGE_SIZE, new Set());
}

/**
 * Costs of documents whose operations declare no variables: only variables make one
 * document cost differently from one request to the next.
 */
const constantCost = perOperation((schema, document, operationName) =>
  operationCost(schema, document, operationName, {}),
);

function costOfRequest(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
): number {
  const hasVariables = document.definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions?.length ?? 0) > 0,
  );
  if (hasVariables) return operationCost(schema, document, operationName, variables);
  return constantCost(schema, document, operationName);
}

function costError(cost: number): GraphQLError {
  return new GraphQLError(
    `Query cost ${cost} exceeds the limit of ${MAX_QUERY_COST}: ask for smaller pages, fewer counts or fewer previews per request`,
    { extensions: { code: COST_LIMIT_CODE, cost, maxCost: MAX_QUERY_COST } },
  );
}

/**
 * Refuses an operation whose cost is above MAX_QUERY_COST before any resolver runs. It runs
 * at execution rather than as a validation rule because the cost depends on `first` and `last`, which
 * clients usually pass as a variable, and validation neither sees variables nor runs again
 * for a cached document.
 */
export function useQueryCostLimit(): Plugin {
  const refuseCostly = ({
    args,
    setResultAndStopExecution,
  }: {
    args: {
      schema: GraphQLSchema;
      document: DocumentNode;
      operationName?: string | null;
      variableValues?: Variables;
    };
    setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
  }) => {
    const cost = costOfRequest(args.schema, args.document, args.operationName, args.variableValues);
    if (cost > MAX_QUERY_COST) setResultAndStopExecution({ errors: [costError(cost)] });
  };
  return { onExecute: refuseCostly, onSubscribe: refuseCostly };
}
