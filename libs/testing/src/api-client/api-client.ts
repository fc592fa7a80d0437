import createClient from 'openapi-fetch';
import type { paths } from './api-paths';

export type { paths as ApiPaths } from './api-paths';

/**
 * A client of the gateway's API typed by the types generated from its OpenAPI document, as
 * an integrator would generate one: a route or a body that the document does not describe
 * does not compile.
 */
export function apiClient(baseUrl: string, accessToken?: string) {
  return createClient<paths>({
    baseUrl,
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
}
