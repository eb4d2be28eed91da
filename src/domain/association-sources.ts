/**
 * How a cookie came to be associated with a lead: the values of GraphQL's `AssociationSource`
 * and of an association upload's `source`. A plain list, shared by the mutations and the uploads.
 */
export const ASSOCIATION_SOURCES = ['FORM_FILL', 'EMAIL_CLICK', 'API'] as const;
export type AssociationSource = (typeof ASSOCIATION_SOURCES)[number];
