import { API_SCOPES } from '../apikeys/scopes';

/**
 * The OpenAPI 3.1 document of the machine APIs (/api/v1), served at GET /api/v1/openapi.json. `paths` lists every
 * route under app/api/v1, this one included (tests/unit/machine/openapi.test.ts walks the folder and fails on a
 * route missing here or a path here without a route).
 */
const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['key', 'message'],
      properties: {
        key: { type: 'string', description: 'stable: unauthorized, forbidden, rateLimited, tooLarge, fault, or a refusal of the route', examples: ['unauthorized'] },
        message: { type: 'string', description: 'for people, in English' },
      },
    },
  },
} as const;

const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export function machineOpenApi(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'KooGallery seller app: machine API',
      version: '1',
      description:
        'For your own services. Every route but this document needs an API key (Settings → API keys) as `Authorization: Bearer kgs_…` ' +
        `with the route's scope (${API_SCOPES.join(', ')}). Each key is rate-limited (429 with Retry-After).`,
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'kgs_ + 43 base64url characters', description: `scopes: ${API_SCOPES.join(', ')}` },
      },
      schemas: { Error: ERROR },
      responses: {
        Unauthorized: errorResponse('no valid, unrevoked API key'),
        Forbidden: errorResponse('the key lacks the scope the route needs'),
        TooLarge: errorResponse('the body is larger than the route accepts'),
        RateLimited: errorResponse('the key is over its rate limit', { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } }),
      },
    },
    paths: {
      '/api/v1/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'the OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    } as Record<string, unknown>,
  };
}
