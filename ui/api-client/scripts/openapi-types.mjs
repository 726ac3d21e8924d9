/**
 * Turns the server's OpenAPI document into the TypeScript types of `src/openapi.d.ts` (openapi-typescript).
 * Shared by the generator (`npm run generate -w @parley/api-client`, over the built packages) and the test that
 * fails when the committed types no longer match what the server serves.
 */
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = `/**
 * The Parley HTTP API's types, generated from the server's own OpenAPI document (/api/v1/openapi.json).
 * Do not edit: run \`npm run generate -w @parley/api-client\` after changing a route.
 */
`;

/** @param {object} document the OpenAPI 3.1 document @returns {Promise<string>} the declaration file's text */
export const openApiTypes = async (document) => HEADER + astToString(await openapiTS(document, { alphabetize: true }));
