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

const USAGE_EVENT = {
  type: 'object',
  description: 'A CloudEvents 1.0 event in structured mode',
  required: ['id', 'source', 'subject', 'type', 'data'],
  properties: {
    specversion: { type: 'string', const: '1.0' },
    id: { type: 'string', maxLength: 255, description: 'unique per source: (source, id) deduplicates' },
    source: { type: 'string', maxLength: 255, examples: ['https://saas.example.com/meter'] },
    subject: { type: 'string', maxLength: 64, description: 'the instanceId (a pay-per-use or package instance)' },
    type: { type: 'string', maxLength: 64, description: 'the billing item (meter name), e.g. sms' },
    time: { type: 'string', format: 'date-time', description: 'RFC 3339; absent: now. At most 20 days old, at most 5 minutes ahead' },
    datacontenttype: { type: 'string', examples: ['application/json'] },
    data: {
      type: 'object',
      required: ['value'],
      properties: {
        value: {
          oneOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string', pattern: '^\\d{1,8}(\\.\\d{1,4})?$' }],
          description: '> 0, at most 4 decimals and 8 digits before the point; a numeric string is accepted',
        },
      },
    },
  },
} as const;

const USAGE_VERDICT = {
  type: 'object',
  required: ['accepted', 'duplicates', 'rejected', 'stopped'],
  properties: {
    accepted: { type: 'integer', description: 'events stored now' },
    duplicates: { type: 'integer', description: 'events already stored (same source and id): acknowledged, not counted again' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'id', 'error'],
        properties: {
          index: { type: 'integer', description: 'position in the request, from 0' },
          id: { type: ['string', 'null'] },
          error: { type: 'string', description: 'why, naming the attribute' },
        },
      },
    },
    stopped: { type: 'array', items: { type: 'string' }, description: 'instances to stop: their 用完即停 quota is used up' },
  },
} as const;

const TS = { type: 'string', format: 'date-time', description: "the timeStamp of the change that last wrote it" } as const;

const TENANT = {
  type: 'object',
  required: ['id', 'instanceId', 'applications'],
  properties: {
    id: { type: 'string', description: 'the tenantId' },
    instanceId: { type: 'string' },
    tenantCode: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    domainName: { type: ['string', 'null'], description: "the tenant's IdP base URL" },
    orderId: { type: ['string', 'null'] },
    testFlag: { type: 'boolean' },
    updatedAt: TS,
    applications: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          appId: { type: 'string' },
          clientId: { type: ['string', 'null'] },
          hasSecret: { type: 'boolean', description: 'the client secret is held (never shown)' },
          updatedAt: TS,
        },
      },
    },
  },
} as const;

const DIRECTORY_USER = {
  type: 'object',
  description: 'One user per application and userName (authSync); SCIM-like names',
  properties: {
    id: { type: 'string', description: 'appId:userName' },
    appId: { type: 'string' },
    userName: { type: 'string' },
    displayName: { type: ['string', 'null'] },
    active: { type: 'boolean', description: 'status active and enabled' },
    enabled: { type: 'boolean' },
    status: { type: 'string', enum: ['active', 'deleted', 'deauthorised'] },
    role: { type: ['string', 'null'], examples: ['user', 'admin'] },
    title: { type: ['string', 'null'], description: 'position' },
    employeeNumber: { type: ['string', 'null'] },
    employeeType: { type: ['integer', 'null'] },
    orgCode: { type: ['string', 'null'] },
    workPlace: { type: ['string', 'null'] },
    emails: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, primary: { type: 'boolean' } } } },
    phoneNumbers: { type: 'array', items: { type: 'object', properties: { value: { type: 'string' }, type: { type: 'string', const: 'mobile' } } } },
    updatedAt: TS,
  },
} as const;

const ORG = {
  type: 'object',
  properties: {
    orgCode: { type: 'string' },
    name: { type: ['string', 'null'] },
    parentCode: { type: ['string', 'null'] },
    updatedAt: TS,
    children: { type: 'array', items: { $ref: '#/components/schemas/Org' }, description: 'format=tree only' },
  },
} as const;

const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const DIRECTORY_NOTE =
  'A tenant is readable once tenantSync added it and until it is deleted. A tenantId may exist under several instances: ' +
  'instanceId picks one; without it a tenantId under several answers 409 ambiguousTenant.';
const TENANT_ID = { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } } as const;
const INSTANCE_ID = { name: 'instanceId', in: 'query', schema: { type: 'string' }, description: 'needed when the tenantId exists under several instances' } as const;
const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const DIRECTORY_ERRORS = {
  '400': errorResponse('a bad query parameter (key invalidQuery, naming it)'),
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '404': errorResponse('no such live tenant (key notFound)'),
  '409': errorResponse('the tenantId exists under several instances and no instanceId was given (key ambiguousTenant)'),
  '429': { $ref: '#/components/responses/RateLimited' },
};

const LICENCE_VERDICT = {
  type: 'object',
  required: ['license', 'verdict', 'active', 'message'],
  properties: {
    license: { type: 'string' },
    verdict: {
      type: 'string',
      enum: ['active', 'frozen', 'expired', 'released', 'unknown', 'activated_elsewhere'],
      description: 'active: run. activated_elsewhere: the code is bound to another deviceFingerprint. unknown: the marketplace does not know the code',
    },
    active: { type: 'boolean', description: 'verdict is active' },
    message: { type: 'string', description: 'for people, in English' },
    status: { type: ['string', 'null'], enum: ['active', 'frozen', 'expired', 'released', null] },
    marketStatus: { type: ['string', 'null'], description: "the marketplace's word: ALIVE, EXPIRED, RELEASED" },
    expireTime: { type: ['string', 'null'], format: 'date-time' },
    activatedAt: { type: ['string', 'null'], format: 'date-time' },
    productId: { type: ['string', 'null'] },
    amount: { type: ['string', 'null'], description: 'as the marketplace gave it, a decimal' },
    orderId: { type: ['string', 'null'] },
    marketCode: { type: 'string', description: "the marketplace's refusal code (e.g. 91381033) for verdict unknown" },
  },
} as const;

const LICENCE_HEARTBEAT = {
  type: 'object',
  required: ['license', 'status', 'checkedAt'],
  properties: {
    license: { type: 'string' },
    status: { type: 'string', enum: ['ALIVE', 'EXPIRED', 'RELEASED'] },
    marketStatus: { type: ['string', 'null'] },
    expireTime: { type: ['string', 'null'], format: 'date-time' },
    activatedAt: { type: ['string', 'null'], format: 'date-time' },
    checkedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const LICENCE_ERRORS = {
  '400': errorResponse('the body is not a JSON object (invalidBody) or a field is wrong (invalidField, naming it)'),
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '413': { $ref: '#/components/responses/TooLarge' },
  '429': { $ref: '#/components/responses/RateLimited' },
  '502': errorResponse('the marketplace refused our call itself (marketplaceRefused: credentials, a gateway error)'),
  '503': errorResponse('the marketplace could not be reached (marketplaceUnavailable), or the code is being activated by another request (activationInProgress); retry after Retry-After'),
};

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
      schemas: { Error: ERROR, UsageEvent: USAGE_EVENT, UsageVerdict: USAGE_VERDICT, Tenant: TENANT, DirectoryUser: DIRECTORY_USER, Org: ORG, LicenceVerdict: LICENCE_VERDICT, LicenceHeartbeat: LICENCE_HEARTBEAT },
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
      '/api/v1/usage': {
        post: {
          summary: 'Report usage (CloudEvents 1.0, one event or a batch of up to 1,000)',
          description:
            'Each event gets its own verdict: valid events are stored even when others in the batch are rejected. ' +
            '(source, id) identifies an event: a repeat is counted once and answered as a duplicate. `stopped` names the ' +
            'instances whose use-up-then-stop (用完即停) quota is used up: stop their service. Needs the scope usage:write.',
          requestBody: {
            required: true,
            content: {
              'application/cloudevents+json': { schema: { $ref: '#/components/schemas/UsageEvent' } },
              'application/cloudevents-batch+json': { schema: { type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/UsageEvent' } } },
              'application/json': {
                schema: {
                  oneOf: [{ $ref: '#/components/schemas/UsageEvent' }, { type: 'array', minItems: 1, maxItems: 1000, items: { $ref: '#/components/schemas/UsageEvent' } }],
                },
              },
            },
          },
          responses: {
            '202': { description: 'the verdicts', content: { 'application/json': { schema: { $ref: '#/components/schemas/UsageVerdict' } } } },
            '400': errorResponse('the body is not JSON, not an event or array, or an empty batch (key invalidBody)'),
            '401': { $ref: '#/components/responses/Unauthorized' },
            '403': { $ref: '#/components/responses/Forbidden' },
            '413': { $ref: '#/components/responses/TooLarge' },
            '415': errorResponse('another Content-Type (key unsupportedMediaType)'),
            '429': { $ref: '#/components/responses/RateLimited' },
          },
        },
      },
      '/api/v1/tenants/{tenantId}': {
        get: {
          summary: 'A tenant of the joint-operation directory, with its applications',
          description: 'Needs the scope directory:read. The client secret is never returned (hasSecret). ' + DIRECTORY_NOTE,
          parameters: [TENANT_ID, INSTANCE_ID],
          responses: { '200': json({ $ref: '#/components/schemas/Tenant' }, 'the tenant'), ...DIRECTORY_ERRORS },
        },
      },
      '/api/v1/tenants/{tenantId}/users': {
        get: {
          summary: "A tenant's authorised users, a page at a time",
          description:
            'Needs the scope directory:read. Ordered by appId and userName; pass nextCursor back as cursor for the next page (absent on the last). ' +
            'Deleted and deauthorised users are left out unless includeInactive=true. ' + DIRECTORY_NOTE,
          parameters: [
            TENANT_ID,
            INSTANCE_ID,
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
            { name: 'appId', in: 'query', schema: { type: 'string' } },
            { name: 'orgCode', in: 'query', schema: { type: 'string' } },
            { name: 'enabled', in: 'query', schema: { type: 'boolean' } },
            { name: 'includeInactive', in: 'query', schema: { type: 'boolean', default: false } },
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['instanceId', 'tenantId', 'data'],
                properties: {
                  instanceId: { type: 'string' },
                  tenantId: { type: 'string' },
                  data: { type: 'array', items: { $ref: '#/components/schemas/DirectoryUser' } },
                  nextCursor: { type: 'string' },
                },
              },
              'a page of users',
            ),
            ...DIRECTORY_ERRORS,
          },
        },
      },
      '/api/v1/tenants/{tenantId}/orgs': {
        get: {
          summary: "A tenant's organisation tree",
          description: 'Needs the scope directory:read. Live nodes, flat with parentCode (format=flat, the default) or nested with children (format=tree; a node whose parent is unknown is a root). ' + DIRECTORY_NOTE,
          parameters: [TENANT_ID, INSTANCE_ID, { name: 'format', in: 'query', schema: { type: 'string', enum: ['flat', 'tree'], default: 'flat' } }],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['instanceId', 'tenantId', 'data'],
                properties: { instanceId: { type: 'string' }, tenantId: { type: 'string' }, data: { type: 'array', items: { $ref: '#/components/schemas/Org' } } },
              },
              'the organisations',
            ),
            ...DIRECTORY_ERRORS,
          },
        },
      },
      '/api/v1/licences/activate': {
        post: {
          summary: 'Activate a licence code (授权码) the buyer entered in your software',
          description:
            'Needs the scope licences:activate. The app asks the marketplace once per code (spec §9.1 activate) and keeps the verdict: ' +
            'activating the code again answers the same without asking again; a code bound to another deviceFingerprint answers ' +
            'activated_elsewhere. A code the marketplace refuses is not kept (the next activation asks again).',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['license'],
                  properties: {
                    license: { type: 'string', maxLength: 256 },
                    realEffectTime: { type: 'string', maxLength: 64, description: 'when the licence takes effect, passed to the marketplace as real_effect_time' },
                    deviceFingerprint: { type: 'string', maxLength: 1024, description: 'the device; the first activation binds the code to it' },
                  },
                },
              },
            },
          },
          responses: { '200': json({ $ref: '#/components/schemas/LicenceVerdict' }, 'the verdict'), ...LICENCE_ERRORS },
        },
      },
      '/api/v1/licences/heartbeat': {
        post: {
          summary: "A licence code's status from the marketplace: ALIVE, EXPIRED or RELEASED",
          description: 'Needs the scope licences:activate. Asks the marketplace (spec §9.1 heartbeat) and updates the stored code.',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['license'],
                  properties: { license: { type: 'string', maxLength: 256 }, heartbeatInfo: { type: 'string', maxLength: 1024, description: 'passed to the marketplace as heartbeatInfo' } },
                },
              },
            },
          },
          responses: {
            '200': json({ $ref: '#/components/schemas/LicenceHeartbeat' }, 'the status'),
            '404': errorResponse('the marketplace does not know the code (unknownLicence)'),
            ...LICENCE_ERRORS,
          },
        },
      },
    } as Record<string, unknown>,
  };
}
