import type { FieldRef, InputFieldBuilder, InputFieldMap, ObjectFieldBuilder } from '@pothos/core';
import type { Context } from '../http/context.js';
import { builder, capitalize } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';

type Types = typeof builder.$inferSchemaTypes;

/** What a members mutation answers: its parent's database id and how many members changed. */
export interface MembersAnswer {
  parentId: string;
  count: number;
}

/** What a members mutation says, each in its own words. */
export interface MembersMutationText {
  mutation: string;
  input: string;
  /** The input's parent id field. */
  parentId: string;
  success: string;
  /** The answer's parent field. */
  parent: string;
  count: string;
}

/**
 * A mutation that adds members to a parent (an audience, a list) or removes them, with an input
 * type `<Name>Input` (the parent's id and the members) and an answer `<Name>Success` (the parent
 * and how many members changed). The parent's file declares the input fields and the answer's
 * parent field, and `write` decodes the input and calls the service's verb.
 */
export function membersMutation(config: {
  name: string;
  text: MembersMutationText;
  /** The description of the `input` argument. */
  inputArg: string;
  inputFields: (t: InputFieldBuilder<Types, 'InputObject'>) => InputFieldMap;
  parent: {
    name: string;
    field: (t: ObjectFieldBuilder<Types, MembersAnswer>) => FieldRef<Types, unknown, 'Object'>;
  };
  write: (ctx: Context, input: Record<string, unknown>) => Promise<MembersAnswer>;
}) {
  const { name, text } = config;
  const Input = builder.inputType(`${capitalize(name)}Input`, {
    description: text.input,
    fields: config.inputFields,
  });
  const Success = builder.objectRef<MembersAnswer>(`${capitalize(name)}Success`).implement({
    description: text.success,
    fields: (t) => ({
      [config.parent.name]: config.parent.field(t),
      count: t.exposeInt('count', { description: text.count }),
    }),
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: Success,
      description: text.mutation,
      args: { input: t.arg({ type: Input, required: true, description: config.inputArg }) },
      authScopes: { write: true },
      errors: { types: COMMON_MUTATION_ERRORS },
      resolve: (_root, { input }, ctx) => config.write(ctx, input),
    }),
  );
}
