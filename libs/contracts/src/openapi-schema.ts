/** An OpenAPI 3.0 schema object, as the gateway's document holds it (loosely typed: it is data). */
export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  enum?: unknown[];
  anyOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  description?: string;
  [keyword: string]: unknown;
}

/**
 * Types the gateway answers with that are not a pattern's reply (it composes them): the reply
 * schemas' generator documents these too, by name.
 */
export const GATEWAY_ANSWERS = ['MeNoticePage'] as const;
