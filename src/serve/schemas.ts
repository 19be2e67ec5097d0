/** JSON schemas of the API's requests (Fastify validates them with Ajv before a handler runs). */

const doc = {
  type: 'object',
  required: ['id', 'text'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 1024 },
    text: { type: 'string' },
    title: { type: 'string', maxLength: 2000 },
    url: { type: 'string', maxLength: 4000 },
    outlet: { type: 'string', maxLength: 200 },
    publishedAt: { type: 'string', maxLength: 64 },
    kind: { type: 'string', enum: ['wire', 'article'] },
  },
  additionalProperties: false,
} as const;

export const checkBody = {
  type: 'object',
  required: ['text'],
  properties: {
    text: { type: 'string' },
    /** The draft's id when it is in the index itself (a re-check): it is not matched against itself. */
    id: { type: 'string', minLength: 1, maxLength: 1024 },
    title: { type: 'string', maxLength: 2000 },
    outlet: { type: 'string', maxLength: 200 },
    url: { type: 'string', maxLength: 4000 },
    publishedAt: { type: 'string', maxLength: 64 },
    /** Outlets the draft credits outside its text (a CMS credit field). */
    credits: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^()\\n]+$' } },
    /** Overrides the server's threshold for this check. */
    maxUncredited: { type: 'number', minimum: 0, maximum: 1 },
    /** Most sources to report. */
    limit: { type: 'integer', minimum: 1, maximum: 200 },
  },
  additionalProperties: false,
} as const;

export const documentsBody = {
  type: 'object',
  required: ['documents'],
  properties: { documents: { type: 'array', minItems: 1, maxItems: 10_000, items: doc } },
  additionalProperties: false,
} as const;

export const documentsQuery = {
  type: 'object',
  properties: { skipExisting: { type: 'string', enum: ['true', 'false', '1', '0'] } },
  additionalProperties: false,
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;
