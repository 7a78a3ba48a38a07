import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Where the document and the UI are served (advertised by `GET /api/v1` as `swagger_paths`). */
export const OPENAPI_PATHS = { document: 'api/v1/api-docs', ui: 'api/v1/docs' } as const;

const OPENAPI_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'parameters', 'summary', 'description', 'servers']);

/**
 * Builds the OpenAPI 3 document from the controllers' decorators and DTOs (so it follows the code) and serves it at
 * `/api/v1/api-docs`, with Swagger UI at `/api/v1/docs` from the installed swagger-ui-dist (nothing from a CDN). Only
 * the REST API v1 is described; `/metrics`, `/health` and `/ping` are operators' surfaces documented in the README.
 */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Wisp REST API v1')
    .setDescription('OpenWhisk-compatible REST API. Authenticate with HTTP Basic: the key uuid as user, its secret as password.')
    .setVersion('1.0.0')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'uuid:secret of a Wisp key' }, 'basic')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1')) delete document.paths[path];
    // `@All` registers methods OpenAPI 3.0 has no field for (SEARCH); the standard ones describe the route.
    for (const method of Object.keys(item)) if (!OPENAPI_METHODS.has(method)) delete (item as Record<string, unknown>)[method];
  }
  SwaggerModule.setup(OPENAPI_PATHS.ui, app, document, {
    jsonDocumentUrl: OPENAPI_PATHS.document,
    raw: ['json'],
    customSiteTitle: 'Wisp API v1',
    swaggerOptions: { persistAuthorization: false },
  });
  return document;
}
