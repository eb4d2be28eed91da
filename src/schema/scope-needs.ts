import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { perOperation } from './per-operation.js';

/**
 * Which scopes the scope checks of a query's selected fields can ask for, read from the
 * `authScopes` Pothos keeps in each type's and field's extensions. A caller who holds all of
 * them passes every check those fields would run, so the query may execute without them
 * (src/schema/compiled-queries.ts). The answer errs on the side of asking more: a field
 * selected on an interface counts the scopes of every type implementing it, and a type's
 * scopes count whether or not a field skips them. Anything but a plain map of scope names
 * (a function, `$any`, `$all`, `$granted`) makes the answer unknown (null), and so does an
 * operation that is not a query.
 */

type Needs = Set<string> | null;

/** Adds the scope names of an `authScopes` option; false when it is not a plain map of them. */
function addScopes(authScopes: unknown, into: Set<string>): boolean {
  if (authScopes === undefined) return true;
  if (typeof authScopes !== 'object' || authScopes === null) return false;
  for (const [scope, required] of Object.entries(authScopes)) {
    if (scope.startsWith('$') || required !== true) return false;
    into.add(scope);
  }
  return true;
}

const authScopesOf = (extensions: unknown): unknown =>
  (extensions as { pothosOptions?: { authScopes?: unknown } } | null | undefined)?.pothosOptions
    ?.authScopes;

/** The scopes a type asks of each of its fields: its own and its interfaces'. */
function addTypeScopes(type: GraphQLNamedType, into: Set<string>): boolean {
  if (!addScopes(authScopesOf(type.extensions), into)) return false;
  if (!isObjectType(type) && !isInterfaceType(type)) return true;
  return type.getInterfaces().every((iface) => addScopes(authScopesOf(iface.extensions), into));
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  visited: Set<string>;
  needs: Set<string>;
}

function addSelection(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType) {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // __typename and introspection run no scope check.
      if (selection.name.value.startsWith('__')) continue;
      if (!isObjectType(parent) && !isInterfaceType(parent)) return false;
      const field = parent.getFields()[selection.name.value];
      if (!field) return false;
      const owners = isObjectType(parent)
        ? [parent]
        : [parent, ...walk.schema.getPossibleTypes(parent)];
      for (const owner of owners) {
        if (!addTypeScopes(owner, walk.needs)) return false;
        const ownField = owner.getFields()[selection.name.value];
        if (ownField && !addScopes(authScopesOf(ownField.extensions), walk.needs)) return false;
      }
      if (selection.selectionSet) {
        if (!addSelection(walk, selection.selectionSet, getNamedType(field.type))) return false;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : parent;
      if (!type || !addSelection(walk, selection.selectionSet, type)) return false;
    } else {
      const name = selection.name.value;
      if (walk.visited.has(name)) continue;
      walk.visited.add(name);
      const fragment = walk.fragments.get(name);
      const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (!fragment || !type || !addSelection(walk, fragment.selectionSet, type)) return false;
    }
  }
  return true;
}

function computeNeeds(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): Needs {
  const operation = getOperationAST(document, operationName);
  const root = schema.getQueryType();
  if (operation?.operation !== 'query' || !root) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const walk: Walk = { schema, fragments, visited: new Set(), needs: new Set() };
  if (!addTypeScopes(root, walk.needs)) return null;
  return addSelection(walk, operation.selectionSet, root) ? walk.needs : null;
}

/** The scopes the checks of the query's fields can ask for, or null when not known. */
export const scopesNeeded: (
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
) => Needs = perOperation(computeNeeds);
