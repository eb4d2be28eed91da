/** A typed error of a mutation result, as the page shows it: its message and field errors. */
export interface ErrorResult {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
}

/** The words to show for a mutation result that is not its Success type, else null. */
export function errorMessage(result: ErrorResult): string | null {
  if (result.__typename.endsWith('Success')) return null;
  const fields = (result.fieldErrors ?? []).map((field) => field.message);
  return [result.message ?? 'The request was refused.', ...fields].join(' ');
}

/** Any failure of a call as the sentence the page shows. */
export function failureText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
