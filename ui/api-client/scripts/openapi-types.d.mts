/** The declaration file's text for an OpenAPI 3.1 document (see openapi-types.mjs). */
export declare const openApiTypes: (document: object) => Promise<string>;
