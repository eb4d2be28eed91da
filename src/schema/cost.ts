import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
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
 * selection under a connection's `edges` counts once per item its `first` asks for (omitted:
 * the default page size). An operation above MAX_QUERY_COST is refused before it executes.
 *
 * Weights are declared next to their fields with `extensions: costOf(...)`; a field without
 * one weighs COST.object when it returns an object (a batched load), COST.count when it is
 * a connection's totalCount, and nothing when it is a scalar read from an already loaded row.
 * The parts of a page (`edges`, `node`, `pageInfo`, `cursor`) weigh nothing: the connection
 * field loaded them. Lists without `first` (a folder's children, an audience's sync jobs)
 * count their selection once, since their length is not known before execution.
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
  /** Audience.explainMatch: one statement of index lookups per audience, not batched. */
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

type Variables = Record<string, unknown> | null | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  operation: OperationDefinitionNode;
  variables: Variables;
  /**
   * Cost of each fragment by name and page size. A fragment used many times, by fragments
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

function fieldWeight(field: GraphQLField<unknown, unknown>, parent: GraphQLNamedType): number {
  const declared = field.extensions?.cost;
  if (typeof declared === 'number') return declared;
  if (isConnection(parent)) {
    if (field.name === 'totalCount') return COST.count;
    if (field.name === 'edges' || field.name === 'pageInfo') return 0;
  }
  if (isEdge(parent) && (field.name === 'node' || field.name === 'cursor')) return 0;
  return isLeafType(getNamedType(field.type)) ? 0 : COST.object;
}

/** The page size an argument asks for, as the connection resolvers read it. */
function pageSize(walk: Walk, value: ValueNode | undefined): number {
  let raw: unknown = null;
  if (value?.kind === Kind.INT) raw = Number(value.value);
  else if (value?.kind === Kind.VARIABLE) {
    const name = value.name.value;
    raw = walk.variables?.[name];
    if (raw === undefined) {
      const definition = walk.operation.variableDefinitions?.find(
        (v) => v.variable.name.value === name,
      );
      if (definition?.defaultValue?.kind === Kind.INT) raw = Number(definition.defaultValue.value);
    }
  } else if (value && value.kind !== Kind.NULL) raw = Number.NaN;
  if (raw === null || raw === undefined) return DEFAULT_PAGE_SIZE;
  // Anything else is refused by the resolver; until then it weighs like the largest page.
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return MAX_PAGE_SIZE;
  return Math.min(Math.max(raw, 0), MAX_PAGE_SIZE);
}

function selectionCost(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
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
      let cost = fieldWeight(field, parent);
      const type = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(type)) {
        const firstArg = field.args.some((arg) => arg.name === 'first')
          ? pageSize(walk, selection.arguments?.find((arg) => arg.name.value === 'first')?.value)
          : DEFAULT_PAGE_SIZE;
        const inner = selectionCost(walk, selection.selectionSet, type, firstArg, inProgress);
        const perItem = isConnection(parent) && field.name === 'edges' ? itemsPerEdges : 1;
        cost += perItem * inner;
      }
      total += cost;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : parent;
      if (type) {
        total += selectionCost(walk, selection.selectionSet, type, itemsPerEdges, inProgress);
      }
    } else {
      const name = selection.name.value;
      const key = `${name}:${itemsPerEdges}`;
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
      const cost = selectionCost(walk, fragment.selectionSet, type, itemsPerEdges, inProgress);
      inProgress.delete(name);
      walk.fragmentCosts.set(key, cost);
      total += cost;
    }
  }
  return total;
}

/**
 * The cost of the operation that `operationName` selects in `document` (the only one when
 * omitted), with `first` read from the request's variables. Branches of a union or interface
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
  return selectionCost(walk, operation.selectionSet, root, DEFAULT_PAGE_SIZE, new Set());
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
 * at execution rather than as a validation rule because the cost depends on `first`, which
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
