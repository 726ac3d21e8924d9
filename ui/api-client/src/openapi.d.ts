/**
 * The Parley HTTP API's types, generated from the server's own OpenAPI document (/api/v1/openapi.json).
 * Do not edit: run `npm run generate -w @parley/api-client` after changing a route.
 */
export interface paths {
    "/api/v1/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your account */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the account’s name or settings (owner, admin); audited */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name?: string;
                        settings?: {
                            /** @description Days the audit log is kept (null: every entry). The owner’s alone: a change by anyone else is `forbidden`. */
                            auditRetentionDays?: number | null;
                            chatRetentionDays?: number | null;
                            timezone?: string;
                        };
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Account"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/account/api-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account’s API tokens, newest first (owner, admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tokens (never their secrets) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiToken"][];
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Owners and admins only */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API token for scripts and BI tools (owner, admin); audited
         * @description The token (256 random bits) is in the answer once, as `secret`; only its SHA-256 is stored. Sent as `Authorization: Bearer <secret>` it reads `/api/v1` (GET, HEAD) with a supervisor’s rights; other methods get 403 `token_scope`. It also authorizes the compatible APIs of this account (`/api/v2/{accountId}/logs`, `/api/v2/{accountId}/agent/status`), their writes with scope `full` only. After `expiresAt` it gets 401 `token_expired`. Audited as `api_token.created` (type `security`), the secret redacted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description When it stops working (ISO 8601, in the future); null: until revoked.
                         * @default null
                         */
                        expiresAt?: string | null;
                        /**
                         * @description A name for the admins’ list.
                         * @default API token
                         */
                        label?: string;
                        /**
                         * @description `read`: GET/HEAD with a supervisor’s rights; `full`: also the compatible APIs’ writes.
                         * @default read
                         * @enum {string}
                         */
                        scope?: "read" | "full";
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedApiToken"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Owners and admins only */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/api-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API token (owner, admin); audited
         * @description It stops working at once. Audited as `api_token.revoked` (type `security`).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Owners and admins only */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such token */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account’s own mails (invitations, password resets, lockout notices), newest first (owner, admin)
         * @description Mails that concern no widget. Each is a delivery with `target: "email"`; one with a sign-in link keeps its message sealed (`payload: {sealed}`). `skipped` means the server has no mail transport (`PARLEY_SMTP_URL`).
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "pending" | "in_flight" | "succeeded" | "failed" | "dead" | "skipped";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Delivery"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/security": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The account’s security settings (owner only)
         * @description Shown on every plan; enforced only on the premier, unlimited and enterprise plans.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The settings and their version (also the ETag) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SecuritySettings"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the owner */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Replace the security settings (owner only, premier plans and up); audited
         * @description Send the whole document. Raising a password requirement expires every user’s password and ends every session of the account, yours included (their streams end too): each user must set a new one at next login. IP rules that match none of your own current address are refused with `ip_rules_exclude_you`.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        inactivityDays: number | null;
                        ipRules: string[];
                        lockout: {
                            lockMinutes: number | null;
                            maxFailedAttempts: number | null;
                        };
                        password: {
                            expiryMonths: number | null;
                            forbidUserInfo: boolean;
                            minLength: number;
                            requireMixedCase: boolean;
                            requireSpecialChar: boolean;
                            reuse: {
                                /** @constant */
                                mode: "off";
                                /** @default null */
                                value?: null;
                            } | {
                                /** @constant */
                                mode: "lastN";
                                value: number;
                            } | {
                                /** @constant */
                                mode: "months";
                                value: number;
                            };
                        };
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SecuritySettings"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the owner (`forbidden`), or the plan lacks security settings (`plan_required`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The IP rules would shut you out (`ip_rules_exclude_you`) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/account/security/ip-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Whether your own address passes these IP rules (owner only); changes nothing
         * @description Ask before saving IP rules: `allowed` is false when the rules would shut out the address this request came from (`address`, as the server sees it behind trusted proxies). Invalid rules get 400 `validation_failed` with a JSON Pointer per rule (`/ipRules/2`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ipRules: string[];
                    };
                };
            };
            responses: {
                /** @description The verdict */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IpRulesCheck"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the owner */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up: a new account and its owner
         * @description Allowed per the server’s sign-up policy (`PARLEY_SIGNUP`: open, first, closed). An email is unique per account, so an address that has a user in another account signs up like any other (nothing tells whether it has).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        accountName: string;
                        email: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account?: components["schemas"]["Account"];
                            user?: components["schemas"]["User"];
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Sign-up closed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Password rejected (every broken rule listed) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{userId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set another agent’s status (an agent who forgot to sign out): supervisors, admins and owners
         * @description Like `PUT /agents/me/status`, for a user of the account. Audited (`agent.status_set`, type `agent`: who changed whose status and reason, from → to); the `agent.status` event and the integrations’ `agent.status_changed` name who did it (`by`, `changed_by`). Setting the same status and reason changes nothing.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string | null;
                        /** @enum {string} */
                        status: "online" | "paused" | "offline";
                    };
                };
            };
            responses: {
                /** @description The agent’s status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeChats?: number;
                            lastAssignedAt?: string | null;
                            /** @description The reason given with the status (`lunch`, `training`), or null. */
                            reason?: string | null;
                            since?: string | null;
                            /** @enum {string} */
                            status?: "online" | "paused" | "offline";
                            userId?: string;
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/me/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your chats’ events, multiplexed, as server-sent events
         * @description Every event of every chat assigned to you: on connect, the whole history of each open chat, then live events (assignments and transfers to you start a chat, with its history; close, abandonment and a transfer away end it). The visitor’s draft arrives as `chat.typing` (no id; empty text when cleared). Each stored event’s id is an opaque cursor (each chat’s last seq and the time of the newest event sent; `0` for none; the older form `<chatId>:<seq>,...,~<ms>` is still read): reconnecting with it (`Last-Event-ID` or `?lastEventId=`) resumes each chat after its seq, sends chats assigned meanwhile from their start, finishes chats that left you meanwhile, and sends whole the chats that were assigned to you and closed while you were away; a malformed cursor counts as none. When the hosts’ shared event bus (Redis) was away, the stream catches up the same way once it is back, each event still once. Once what the connection had to replay is sent, `stream.ready` (no id, `{}`) says that what follows is live: a client that sounds or notifies for new messages waits for it. Your status changes arrive as `agent.status` (no id), and an ended chat of yours that an owner or admin deleted as `chat.deleted` (no id, `{chatId, widgetId}`). While none of your streams is open for the grace period (`ChatConfig.agentAwayGraceMs`, 120 s by default), an online or paused status becomes offline (`reason: "disconnected"`). The stream ends with an `end` event (`session_ended`, `session_expired`) when your session does. Authenticate with the bearer token, the session cookie, or `?token=`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/me/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your status and how many chats you have open */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Your status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeChats?: number;
                            lastAssignedAt?: string | null;
                            /** @description The reason given with the status (`lunch`, `training`), or null. */
                            reason?: string | null;
                            since?: string | null;
                            /** @enum {string} */
                            status?: "online" | "paused" | "offline";
                            userId?: string;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set your status: online (takes chats), paused (keeps open chats, takes no new ones), offline
         * @description Going online gives you the oldest queued chats of your widgets at once, up to your maximum (your own, set by an admin, else each widget’s). `reason` (at most 40 characters, e.g. `lunch`) is shown on the monitor and sent with `agent.status_changed`; leaving it out clears it.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string | null;
                        /** @enum {string} */
                        status: "online" | "paused" | "offline";
                    };
                };
            };
            responses: {
                /** @description Your status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeChats?: number;
                            lastAssignedAt?: string | null;
                            /** @description The reason given with the status (`lunch`, `training`), or null. */
                            reason?: string | null;
                            since?: string | null;
                            /** @enum {string} */
                            status?: "online" | "paused" | "offline";
                            userId?: string;
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first (owner, admin, supervisor)
         * @description Filters: `from`/`to` (ISO date-times, inclusive), `type` (comma-separated: account, widget, permissions, security, integration, monitor), `widgetId`, `actorId` (a user), `actorKind` (`user`, `system` for Parley itself: the host CLI, timed jobs, automatic deactivation of inactive users; or `api_token`). Paging with `cursor` is stable while new entries arrive.
         */
        get: {
            parameters: {
                query?: {
                    actorId?: string;
                    actorKind?: "user" | "system" | "api_token";
                    cursor?: string;
                    from?: string;
                    limit?: number;
                    to?: string;
                    type?: string;
                    widgetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditEntry"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Agents cannot read the audit log */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit entry */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The entry */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditEntry"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/{id}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore the values an entry changed from
         * @description Owners and admins only: anyone else gets 403 whether or not the entry exists. Applies when the target still holds the entry’s `to` values; otherwise 409 `revert_conflict` listing the fields changed since, and nothing is written. The revert is audited with `revertOf`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The audit entry recording the revert */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditEntry"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an owner or admin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Changed since, or not revertible */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the filtered audit log as CSV (a row per changed field) or JSON Lines, streamed */
        get: {
            parameters: {
                query?: {
                    actorId?: string;
                    actorKind?: "user" | "system" | "api_token";
                    format?: "csv" | "jsonl";
                    from?: string;
                    to?: string;
                    type?: string;
                    widgetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the account’s hash chain */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Whether the chain is intact, or the first entry that is not */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checked?: number;
                            firstBroken?: null | {
                                id?: string | null;
                                reason?: string;
                                seq?: number;
                            };
                            headSeq?: number;
                            intact?: boolean;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation: set the first password
         * @description The `token` of the invitation mailed when an admin added the user without a password (valid 72 hours). The password must meet the account’s rules (a refusal lists every problem under `/password`). The token works once; on success every session of the user ends and a fresh one opens (token and cookie, as for login).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Password set; signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt?: string;
                            token?: string;
                            user?: components["schemas"]["User"];
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Your address is not allowed (`ip_not_allowed`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Password rejected (every broken rule listed) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/links/describe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a mailed link (an invitation, a password reset) is for, before it is used
         * @description Its page says whose password it sets in which account, or at once that it no longer works. Reads only: the link still works once. Limited per client address like password resets.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description The link works */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountName: string;
                            /** Format: email */
                            email: string;
                            /** Format: date-time */
                            expiresAt: string;
                            name: string;
                            /** @enum {string} */
                            purpose: "invitation" | "password_reset";
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests from your address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in; sets an HttpOnly session cookie and returns a bearer token
         * @description By email and password. An email may have a user in several accounts: the password is tried against each (up to 10), and the one it matches signs in. When it matches in several, `accountId` picks one (else 409 `account_choice_required`). Lockout, failure counts and sessions are per user. Failed logins (unknown email, wrong password, locked user) are counted per client address (`PARLEY_LOGIN_MAX_FAILURES` per `PARLEY_LOGIN_FAILURE_WINDOW_SECONDS`); past the limit every login from that address is a 429, even with the right password, before anything depends on the email.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accountId?: string;
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt?: string;
                            token?: string;
                            user?: components["schemas"]["User"];
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Wrong email or password (indistinguishable) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Right password, but: the address is not allowed (`ip_not_allowed`), the user is deactivated (`account_deactivated`), or the password expired (`password_expired`, with a `ticket` for POST /api/v1/auth/password) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The email and password sign in to several accounts (`account_choice_required`): `accounts` lists their `id` and `name`; send one as `accountId` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Locked after too many failed logins (`account_locked`, with `lockedUntil`; null = until unlocked). An email without a user locks alike, under the lockout settings of the account named by `accountId`, else of the installation’s first account */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many failed sign-ins from this address (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log out: ends this session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password: signed in with the current one, or with a password-expired ticket
         * @description Either `{currentPassword, newPassword}` with a session, or `{ticket, newPassword}` with the ticket a `password_expired` login answered (valid 10 minutes, once). The new password must meet the account’s rules, must not be common or reused; a refusal lists every problem. On success every other session ends and a fresh one opens (token and cookie, as for login).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword?: string;
                        newPassword: string;
                        ticket?: string;
                    };
                };
            };
            responses: {
                /** @description Changed; signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt?: string;
                            token?: string;
                            user?: components["schemas"]["User"];
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in, wrong current password, or an unknown, used or expired ticket */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Your address is not allowed (`ip_not_allowed`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Password rejected (every broken rule listed) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many failed attempts from your address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password reset link by e-mail
         * @description Always answers 202 with the same body, whether the address belongs to a user or not; the lookup and the mail happen after the answer. Each user the address belongs to gets a mail with a single-use link to `/app/reset?token=…` on the server’s public URL (`PARLEY_PUBLIC_URL`), valid 30 minutes; send its token to `POST /api/v1/auth/password/reset`. Limited per client address (`PARLEY_LIMIT_PASSWORD_RESETS`, 10 an hour) and per e-mail address (`PARLEY_LIMIT_PASSWORD_RESETS_PER_EMAIL`, 3 an hour).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Accepted: if the address belongs to a user, a mail is on its way */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status?: "accepted";
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests from your address or for this e-mail address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a mailed reset link
         * @description The `token` of the link `POST /api/v1/auth/password/forgot` mailed (valid 30 minutes). The password must meet the account’s rules (a refusal lists every problem under `/password`). The token works once; on success every session of the user ends and a fresh one opens (token and cookie, as for login).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Password set; signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt?: string;
                            token?: string;
                            user?: components["schemas"]["User"];
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Your address is not allowed (`ip_not_allowed`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Password rejected (every broken rule listed) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Canned responses by id (agents: the account-wide ones and those of the widgets they serve)
         * @description `q` finds text in the shortcut, title or text without regard to case; `widgetId` keeps what that widget’s chats can use (its own responses and the account-wide ones).
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    q?: string;
                    widgetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of canned responses */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["CannedResponse"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Write a canned response (owner, admin); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description `refund`, `/refund` or `#refund`: letters, digits, `-` and `_`, 1 to 32 of them. Stored without `/` or `#`, in lower case. */
                        shortcut: string;
                        /** @description Up to 5000 characters; `{visitor.name}` and `{agent.name}` are kept as written (the agent console fills them in). Line breaks are kept. */
                        text: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        title: string;
                        /** @description The widget it is for; absent or null: every widget of the account. */
                        widgetId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedResponse"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an owner or admin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The shortcut is taken in this scope (`shortcut_taken`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One canned response */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedResponse"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such response (or not for your widgets) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a canned response (owner, admin); audited */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a canned response (owner, admin); audited, revertible */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description `refund`, `/refund` or `#refund`: letters, digits, `-` and `_`, 1 to 32 of them. Stored without `/` or `#`, in lower case. */
                        shortcut?: string;
                        /** @description Up to 5000 characters; `{visitor.name}` and `{agent.name}` are kept as written (the agent console fills them in). Line breaks are kept. */
                        text?: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        title?: string;
                        version?: number;
                        widgetId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedResponse"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The shortcut is taken in this scope (`shortcut_taken`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version (`If-Match` or `version`) */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chat/{widgetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Visitor Chat API: whether the widget can start a chat now and what the visitor must give (public)
         * @description The commercial service’s Visitor Chat API shape of GET /api/v1/widgets/{id}/availability (`widgetId` is the widget’s id): `online`, `emailRequired`, `messageRequired`, `screenshotRequired` (always false)… Answers any origin (CORS), never cached; limited per client address like the availability (`PARLEY_LIMIT_WIDGET_READS`); a page of a site the widget does not allow gets 403 `origin_not_allowed`. An address the widget blocks (`blockedVisitors`) is answered `online: false` with `offlineFormEnabled: false`, as its widget shows it nothing.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    widgetId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The widget’s availability */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VisitorChat"];
                    };
                };
                /** @description Sent from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Chats and offline requests, newest first (agents: of the widgets they serve); with q, those whose visitor or messages match */
        get: {
            parameters: {
                query?: {
                    agentId?: string;
                    cursor?: string;
                    from?: string;
                    handled?: "true" | "false";
                    label?: string;
                    limit?: number;
                    q?: string;
                    status?: "queued" | "active" | "closed" | "abandoned" | "offline";
                    to?: string;
                    visitorKey?: string;
                    widgetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of chats (with q: each with what matched) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ListedChat"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description A filter or q that is not valid (`validation_failed`, path `/q`...) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A chat with its transcript (every event, oldest first) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The transcript */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chat?: components["schemas"]["Chat"];
                            events?: components["schemas"]["ChatEvent"][];
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an ended chat or offline request for good (owner, admin); audited
         * @description Deletes an ended chat or offline request for good, as a visitor’s request to be forgotten asks: its messages, notes, page views, the visitor’s details and its search entries go, and its visitor token opens nothing more. Owners and admins only (not API tokens). The audit log records `chat.deleted` (the chat’s kind, status and start; never who the visitor was), which cannot be reverted. A chat still queued or open is refused with 409 `chat_open`: end it first. Reports keep the figures of days they have already settled. The account’s `chatRetentionDays` deletes ended chats the same way once they are that old.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an owner or admin, or an API token */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The chat is still queued or open (`chat_open`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/block-visitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Block the chat’s visitor from its widget and close the chat: its agent, or a supervisor
         * @description For abuse and spam: the visitor’s IP address joins the chat’s widget’s `blockedVisitors`, and the chat closes if it is open (whatever labels the widget asks for), in one transaction. The widget change is in the audit log as this user’s (`widget.updated`, the list before and after), so owners and admins see who blocked whom and can revert it, or edit the list (addresses, wildcards, CIDR ranges) with the widget. From then on a visitor from that address starting a chat or leaving an offline request on the widget gets 403 `visitor_blocked` (“Chat is not available to you here.”), which tells them nothing more. The chat’s agent, supervisors, admins and owners may block, an ended chat’s visitor too; blocking an address already blocked changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Blocked (or already blocked), and the chat closed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The address now in the widget’s `blockedVisitors`. */
                            blocked: string;
                            chat: components["schemas"]["Chat"];
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the chat’s agent, nor a supervisor, admin or owner */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The visitor’s address is unknown, or the widget blocks as many addresses as it can (`conflict`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Close the chat: the visitor (a queued chat becomes abandoned), its agent, or a supervisor
         * @description When the chat’s widget has `requireLabelToClose`, a user closing a chat without a label gets 409 `label_required` (the visitor is never refused for it).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Closed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chatId?: string;
                            status?: string;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A visitor’s request from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The chat is over (`chat_closed`), or its widget asks for a label first (`label_required`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The chat’s events as server-sent events (visitor, or a user who may read the chat)
         * @description Each stored event has `id: <seq>`; reconnect with `Last-Event-ID` (EventSource does it) or `?lastEventId=` to get what was missed, in order, without duplicates; an open stream also catches up by itself when the hosts’ shared event bus (Redis) comes back after an outage. A visitor is shown what happened to their chat by name only: no `chat.note`, `chat.page`, `chat.visitor_left`, `chat.visitor_back`, `chat.labeled` or `chat.handled` events (their seq is skipped), no users’ ids (an agent’s message has `author.userId` null), an assignment or transfer with `agentName` (and `toWidgetId`, `widgetName`), a close with `by`. A user who may read the chat gets every event whole. While queued, `chat.queue` events (no id) give the place and estimated wait. Comment lines every ~15 s keep the connection alive. Authenticate with `Authorization: Bearer <token>` or `?token=` (EventSource cannot set headers). A visitor whose stream of a queued chat stays closed past the grace period (`PARLEY_ABANDON_GRACE_SECONDS`) is marked abandoned. A signed-in user’s stream ends with their session, after an `end` event (`session_ended`, `session_expired`). A visitor may hold a few streams of their chat open at once (`PARLEY_LIMIT_VISITOR_STREAMS`); one more is a 429.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A visitor’s request from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/handled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Mark an offline request handled, or not yet (agents of its widget, supervisors and up)
         * @description Sets `handledAt`/`handledBy` (or clears them for `handled: false`). The same state again answers 200 and changes nothing. A change is stored as a `chat.handled` event `{handled, byUserId}`, which the agent streams of the widget’s agents carry, so every console shows it at once. A live chat is a 409 `not_offline_request`. `GET /api/v1/chats?handled=false` lists the offline requests still to handle.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        handled: boolean;
                    };
                };
            };
            responses: {
                /** @description The offline request as it is now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chat"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an offline request (`not_offline_request`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the chat’s labels (its agent, a supervisor, admin or owner)
         * @description Replaces the chat’s labels with `labelIds` (ids of the account’s labels; at most 20). Stored as a `chat.labeled` event with the ids `before` and `after`, which open streams get and reconnecting ones replay, and pushed to integrations as `conversation.labeled`. Closed chats can be labeled too. The same set again changes nothing. `If-Match` takes the chat’s `version`.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Every label the chat is to carry (ids of the account’s labels); `[]` removes them all. */
                        labelIds: string[];
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description The chat */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chat"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the chat’s agent nor a supervisor */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version (`If-Match` or `version`) */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a message: the visitor (also while queued), or the agent the chat is assigned to
         * @description Safe to send again: give each message a key of the client's own, `clientMessageId` in the body or the `Idempotency-Key` header (8 to 64 letters, digits, `_` or `-`; the widget and the console send one with every message), unique per chat. Sending it again — after a timeout or a lost connection, even after the chat ended — answers 201 with the event stored the first time (same `id` and `seq`) and stores nothing; the same key with another text, or from another sender, is a 422 `idempotency_key_reused`. The event carries its `clientMessageId`, so a client can match its own messages on the stream. Limited per client address (`PARLEY_LIMIT_CHAT_WRITES`) and, for the visitor, per chat (`PARLEY_LIMIT_CHAT_WRITES_PER_CHAT`); drafts and closes share the allowance.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes the request safe to send again: the same key answers what the first request stored. Optionally in double quotes. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientMessageId?: string;
                        /** @description Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed. */
                        text: string;
                    };
                };
            };
            responses: {
                /** @description The stored message event (also when this key was sent before: the event stored then) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatEvent"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description A visitor’s request from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The chat is over */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description This key was used for another message of the chat (`idempotency_key_reused`) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a note for the team to a chat: anyone who may read it, in any state; the visitor never sees it
         * @description A note is for the team: it is stored in the transcript as a `chat.note` event (with the author’s name as `author.alias`) and reaches the streams of the users following the chat, never the visitor: not their stream, their mailed transcript, or the transcripts the integrations and the logs API send. Anyone who may read the chat writes one, whatever its state (a wrap-up after the close, a call back on an offline request); the chat’s first response time does not move. Safe to send again with a `clientMessageId` or `Idempotency-Key`, as messages are. Limited per client address like messages, with which it shares the allowance.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes the request safe to send again: the same key answers what the first request stored. Optionally in double quotes. */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientMessageId?: string;
                        /** @description Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed. */
                        text: string;
                    };
                };
            };
            responses: {
                /** @description The stored `chat.note` event (also when this key was sent before: the event stored then) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatEvent"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description This key was used for another message or note of the chat (`idempotency_key_reused`) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/pages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The visitor opened a page of the site while the chat goes on (visitor; the widget sends it on each page load)
         * @description Stored as a `chat.page` event `{url}`, which the streams of the users following the chat carry (the console shows the page the visitor is on now, and the transcript where they went) and the visitor’s own stream leaves out, as do the mailed transcript and the integrations. The page the visitor is known to be on already (the last one recorded, else the one the chat started on) adds nothing, as after a reload. Limited like messages, with which it shares the allowance.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Recorded (or the chat is on that page already) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the chat’s visitor, or a request from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The chat is over */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/survey": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rate the chat after it ended: a score of 1 to 5 and an optional comment (visitor)
         * @description Only for a chat an agent took and that has ended (`closed`): an open chat, an offline request or an abandoned chat is a 409 `not_surveyable`. Once per chat: a second answer is a 409 `survey_taken` and changes nothing (the first stands). `comment` (at most 2000 characters) keeps its line breaks; other control characters go and the ends are trimmed, and nothing visible means none. Stored with the chat (`survey`) and as a `chat.surveyed` event on the chat’s streams; integrations get `conversation.surveyed`. Limited like messages, with which it shares the allowance.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed. */
                        comment?: string;
                        /** @description 1 (poor) to 5 (excellent). */
                        score: number;
                    };
                };
            };
            responses: {
                /** @description Saved */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chatId: string;
                            survey: components["schemas"]["ChatSurvey"];
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the chat’s visitor, or a request from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The chat cannot be rated (`not_surveyable`), or was rated already (`survey_taken`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/transcript": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail the visitor the chat’s transcript (visitor)
         * @description To `email`, or the address the visitor gave when starting. The mail holds the messages with the agents’ aliases and times in the visitor’s time zone when known (UTC otherwise), and the page the chat started on, in the visitor’s language (else the widget’s). Limited per chat (`PARLEY_LIMIT_TRANSCRIPT_MAILS_PER_CHAT`, 3 a day) and per client address (`PARLEY_LIMIT_TRANSCRIPT_MAILS`, 5 an hour). Sent through the outbox (retried; see the widget’s deliveries).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        /** @description The language the widget speaks to the visitor (its own, or the page’s choice): the mail’s. Without it, the widget’s. */
                        language?: string;
                    };
                };
            };
            responses: {
                /** @description Queued for sending */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Where it goes. */
                            email: string;
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Already sent for this chat, or too many from your address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand an open chat to a colleague (`agentId`) or to another widget’s queue (`widgetId`), or take it over: its agent, or a supervisor
         * @description Exactly one of `agentId` and `widgetId`. `agentId`: an online agent of the chat’s widget with room under their maximum (else 409 `agent_unavailable`). **Take-over:** a supervisor, admin or owner who gives a colleague’s chat to themselves (`agentId` their own id) takes it over; stepping in is their explicit decision, so it may exceed their maximum and needs no place among the widget’s agents, only that they are online or paused (offline: 409 `agent_unavailable` with `agentStatus` `offline`; go online first). An agent may only transfer their own chats: a colleague’s gets 403 `forbidden`. `widgetId`: another widget of the account; the chat leaves its agent and re-enters that widget’s queue as if it arrived now, routed as usual (taken at once by a free agent of that widget, else queued; the answer shows which). A widget whose visitors would now see the offline form (nobody online or paused, `alwaysOffline`, outside business hours, or its queue full) takes none: 409 `widget_unavailable`. Either way the transcript gets a `chat.transferred` event (with `toWidgetId` for a widget) and the visitor’s stream goes on. An optional `note` for whoever takes the chat (trimmed, at most 5000 characters, empty means none) is stored as a team note (`chat.note`, never shown to the visitor) just before that event, in the same write: too long gets 400 `validation_failed` (`too_big` at `/note`) and nothing changes. `GET /api/v1/chats/{id}/transfer-widgets` lists the widgets and whether each takes chats now.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description An online agent of the chat’s widget with room for it. */
                        agentId: string;
                        /** @description A note for whoever takes the chat, stored as a team note (`chat.note`, never shown to the visitor) just before the transfer event; at most 5000 characters after trimming, empty means none. */
                        note?: string;
                    } | {
                        /** @description A note for whoever takes the chat, stored as a team note (`chat.note`, never shown to the visitor) just before the transfer event; at most 5000 characters after trimming, empty means none. */
                        note?: string;
                        /** @description Another widget of the account: the chat re-enters its queue. */
                        widgetId: string;
                    };
                };
            };
            responses: {
                /** @description Transferred */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chat"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description An agent transferring (or taking) a colleague’s chat (`forbidden`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The agent cannot take it (`agent_unavailable`: offline, or no room; a take-over only when offline), the widget takes no chats now (`widget_unavailable`), or the chat is not open */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/transfer-widgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The widgets the chat may be transferred to, by name, each with its availability now
         * @description `availability.mode` `offline` means a transfer to it now gets 409 `widget_unavailable`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every other widget of the account */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TransferWidget"][];
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such chat (or not yours to read) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/{id}/typing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Typing: the visitor’s draft (sneak peek) to the agent, or that the assigned agent is typing to the visitor
         * @description Throttled per chat (latest wins), never stored. The visitor’s `text` reaches the agent’s stream as `chat.typing`. The assigned agent’s reaches the visitor’s stream as `chat.agent_typing` `{typing, alias}`, never the text: `typing` is false for an empty text, and a `typing: false` follows when the agent’s message is sent or the chat ends or is transferred. Limited like messages, with which it shares the allowance.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Relayed (or dropped by the throttle for a newer one) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not the chat’s assigned agent, or a visitor’s request from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The chat is over */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/export-visitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Everything stored of one visitor, by e-mail and browser, as a JSON file (owner, admin); audited
         * @description A visitor asks to see what is stored of them: every chat and offline request of theirs (queued and open ones too), found as `forget-visitor` finds them, by their very e-mail address and by their browser’s key, oldest first, each as the Logs API’s case: the details they gave, their place, browser and pages, the agent, labels, rating and the transcript without the team’s notes, with the pages of the site they opened during it (`pages_viewed`). Answered as a JSON file (`Content-Disposition: attachment`) to hand to them. Owners and admins only (not API tokens). The audit log records `visitor.exported` with how many chats went out, never who the visitor is.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        visitorKey?: string;
                    };
                };
            };
            responses: {
                /** @description Their chats and offline requests, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VisitorExport"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an owner or admin, or an API token */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chats/forget-visitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete every ended chat of one visitor, by e-mail and browser (owner, admin); audited
         * @description A visitor asks to be forgotten: deletes every ended chat and offline request of theirs, found by their e-mail address (the very address, whatever its case) and by their browser’s key (`visitor.key`, which the console shows), each as `DELETE /chats/{id}` does, with a `chat.deleted` audit entry each. Give `email`, `visitorKey` or both. Chats still queued or open are left and counted in `open`: end them and ask again. Owners and admins only (not API tokens).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        visitorKey?: string;
                    };
                };
            };
            responses: {
                /** @description What was deleted, and what was left because it is still open */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Chats and offline requests deleted. */
                            deleted: number;
                            /** @description The visitor’s chats still queued or open, left as they are. */
                            open: number;
                        };
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an owner or admin, or an API token */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with its payload and every try (owner, admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The delivery */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryDetail"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such delivery */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again now, with the same webhook-id and a fresh retry schedule (owner, admin); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Delivery"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such delivery */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description A try is in flight right now */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account’s labels, by name (every user) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every label */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Label"][];
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Define a label (owner, admin); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description `#rrggbb`; stored in lower case. */
                        color: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Label"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not an owner or admin */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The account has a label of this name in some case (`label_name_taken`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/labels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One label */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The label */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Label"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such label */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a label (owner, admin); audited
         * @description Chats that carry it keep its id, which no longer resolves to a name (payloads leave it out).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename or recolour a label (owner, admin); audited, revertible */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description `#rrggbb`; stored in lower case. */
                        color?: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name?: string;
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Label"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The name is taken (`label_name_taken`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version (`If-Match` or `version`) */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description You */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The live chat monitor of your account: queues, chats in progress, agents, per widget (supervisor, admin, owner) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The monitor, widgets in your layout order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonitorView"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Agents cannot watch the monitor */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitor/layout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your order of the widgets on the multi monitor */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every widget of the account, top first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonitorLayout"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Save your order of the widgets (top first); widgets left out follow by name
         * @description Every id must be a widget of your account, each once (otherwise 400 with `unknown_widget` or `duplicate` per entry, and nothing is saved). Not audited: a personal preference. Your open monitors re-order at once.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version?: number;
                        widgetIds: string[];
                    };
                };
            };
            responses: {
                /** @description Saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MonitorLayout"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitor/share-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The monitor’s share links, newest first, with their state (owner, admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The links (never their tokens) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items?: components["schemas"]["MonitorShareLink"][];
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a link that shows the monitor, anonymized, to anyone who has it (owner, admin); audited
         * @description For some widgets (`widgetIds`) or all (absent or null, including widgets created later), optionally expiring (`expiresAt`). The token (256 random bits) is in the answer once; only its SHA-256 is stored. Open it at `url`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        expiresAt?: string | null;
                        /**
                         * @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that.
                         * @default Shared monitor
                         */
                        label?: string;
                        widgetIds?: string[] | null;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedMonitorShareLink"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Owners and admins only */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitor/share-links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a share link (owner, admin); its open monitors stop at once; audited
         * @description Revoking a revoked link changes nothing.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such link */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/monitor/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The monitor as a stream of snapshots, or of a snapshot and then patches (server-sent events)
         * @description Server-sent events. On connect: a `snapshot` event with the whole view (its `id` names it). Then a fresh `snapshot` after every change (chats queued, assigned, transferred, closed or abandoned; agents’ status; widgets; users), at most one per account every 250 ms, so a change reaches every open monitor well within a second. With `?patches=true`, a change comes as a `patch` event instead, whose data is `{base, ops}`: `ops` is an RFC 6902 JSON Patch that turns the view named `base` (the id of the last event you got) into the one named by this event’s `id`. A `snapshot` still comes first, when the patch would not be smaller, when your layout changed, and at least once a minute while the view changes; a client whose view is not `base` should reconnect without `Last-Event-ID`. Comment lines keep the connection alive. On reconnect (EventSource sends `Last-Event-ID`, or pass `?lastEventId=`) you get a fresh snapshot, or nothing when the id still names the latest one. An `end` event (`{reason}`: `revoked`, `expired`, `access_changed`, `shutdown`; for a signed-in viewer also `session_ended`, `session_expired` when their session does) precedes a close by the server. Authenticate with the session cookie, a bearer token or `?token=`.
         */
        get: {
            parameters: {
                query?: {
                    patches?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Agents cannot watch the monitor */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/monitor/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The anonymized monitor a share link shows (no sign-in; rate-limited per address)
         * @description No visitor names, emails, addresses, cities, messages, custom variables or transcript links: only what the allow-list keeps (see AnonymousMonitorView). 404 for an unknown, revoked or expired link alike.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The monitor */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnonymousMonitorView"];
                    };
                };
                /** @description Unknown, revoked or expired link */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests from this address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/monitor/{token}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The anonymized monitor of a share link as a stream of snapshots, or of a snapshot and then patches (rate-limited per address)
         * @description Server-sent events. On connect: a `snapshot` event with the whole view (its `id` names it). Then a fresh `snapshot` after every change (chats queued, assigned, transferred, closed or abandoned; agents’ status; widgets; users), at most one per account every 250 ms, so a change reaches every open monitor well within a second. With `?patches=true`, a change comes as a `patch` event instead, whose data is `{base, ops}`: `ops` is an RFC 6902 JSON Patch that turns the view named `base` (the id of the last event you got) into the one named by this event’s `id`. A `snapshot` still comes first, when the patch would not be smaller, when your layout changed, and at least once a minute while the view changes; a client whose view is not `base` should reconnect without `Last-Event-ID`. Comment lines keep the connection alive. On reconnect (EventSource sends `Last-Event-ID`, or pass `?lastEventId=`) you get a fresh snapshot, or nothing when the id still names the latest one. An `end` event (`{reason}`: `revoked`, `expired`, `access_changed`, `shutdown`; for a signed-in viewer also `session_ended`, `session_expired` when their session does) precedes a close by the server. Revoking the link or its expiry ends the stream (`end` with `revoked` or `expired`); reconnecting then gets 404.
         */
        get: {
            parameters: {
                query?: {
                    patches?: "true" | "false";
                };
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Unknown, revoked or expired link */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests from this address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/chats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Chats per day, answered/missed/abandoned, wait, first response and duration, per agent and widget
         * @description Computed from the timestamps chats store, for the local days `from`..`to` (both included) in `timeZone`. Wait: queue to an agent taking the chat; first response: the visitor’s first message to the agent’s first reply; duration: taken to ended. Averages and 90th percentiles in seconds. Supervisors, admins and owners.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    timeZone?: string;
                    to: string;
                    widgetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatReport"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/chats.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The chat report as CSV: a row per day, agent and widget, then the totals
         * @description Computed from the timestamps chats store, for the local days `from`..`to` (both included) in `timeZone`. Wait: queue to an agent taking the chat; first response: the visitor’s first message to the agent’s first reply; duration: taken to ended. Averages and 90th percentiles in seconds. Supervisors, admins and owners.
         */
        get: {
            parameters: {
                query: {
                    from: string;
                    timeZone?: string;
                    to: string;
                    widgetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schemas/conversation-event.v1.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** JSON Schema of the conversation-event payload (version 1) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A JSON Schema (draft 2020-12) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/schema+json": Record<string, never>;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schemas/support-request.v1.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** JSON Schema of the support-request payload (version 1) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A JSON Schema (draft 2020-12) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/schema+json": Record<string, never>;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this server does besides the API
         * @description `mail`: whether it sends e-mail (an SMTP server, or its log, is configured); without, invitations, password resets, offline requests and transcripts are kept as not sent, and the console offers an initial password instead of an invitation. Null when the embedding application did not say.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The server */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Server"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether this server takes a new account now, and whether it has none yet (the console then offers to create one)
         * @description `open` is true under `PARLEY_SIGNUP=open`, false under `closed`, and under `first` (the default) true until the server has its first account; `setup` is true while the server has no account, whatever the policy: the console then shows the form that creates the first one. Counted as a public read (`PARLEY_LIMIT_WIDGET_READS`).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The sign-up policy as it applies now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description POST /api/v1/accounts would create an account now */
                            open: boolean;
                            /** @description The server has no account yet */
                            setup: boolean;
                        };
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account’s users */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    role?: "owner" | "admin" | "supervisor" | "agent";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of users */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["User"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a user (owner, admin); audited
         * @description With a `password`, the user can sign in at once. Without one, the user is invited: a mail with a single-use link to `/app/invite?token=…` on the server’s public URL (valid 72 hours, audited as `user.invited`); its token sets the first password through `POST /api/v1/auth/invitations/accept`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name: string;
                        password?: string;
                        /** @enum {string} */
                        role: "admin" | "supervisor" | "agent";
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description This account already has a user with this email (`email_taken`; other accounts’ users never count) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Password rejected */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such user */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a user (owner, admin); also removes them from widgets; audited */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such user */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a user: name, email, role, status, password, maximum of open chats; audited
         * @description Owners and admins change other users; everyone may change their own name and password. Setting `role: owner` (owner only, with no other field) transfers ownership: the current owner becomes an admin. `maxConcurrentChats` (owners and admins; 1–100, null for each widget’s) is how many chats the user takes at once in every widget, overriding the widgets’ maximum for routing and transfers; revertible from the audit log like the other fields. Changing one’s own password needs `currentPassword` too (400 without it), judged as a login attempt: a wrong one is 401 `invalid_credentials` and counts towards the account’s lockout (423 `account_locked`).
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword?: string;
                        email?: string;
                        maxConcurrentChats?: number | null;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name?: string;
                        password?: string;
                        /** @enum {string} */
                        role?: "owner" | "admin" | "supervisor" | "agent";
                        /** @enum {string} */
                        status?: "active" | "deactivated";
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Locked after too many wrong passwords */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/invitation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a user who has never signed in a new invitation to choose their password (owner, admin); audited
         * @description For an invitation that expired (72 hours) or went astray: mails the user a new single-use link to `/app/invite?token=…`, as when they were added, and the links mailed before stop working. Only for an active user other than the owner who has never signed in (409 `conflict` otherwise: one who has signed in resets a forgotten password from the sign-in page). Audited as `user.invited`, with the replaced invitation’s expiry as the before value. Limited per client address like password resets.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user, with the new invitation’s `invitationExpiresAt` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such user */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The user has signed in already, or is deactivated (`conflict`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many mails from your address (`rate_limited`) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock a user locked by failed logins (owner, admin); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user, unlocked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such user */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Widgets (agents see the ones they serve) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of widgets */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Widget"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a widget (owner, admin); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Widget"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One widget */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The widget */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Widget"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a widget (owner, admin); audited */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a widget’s name or settings (owner, admin); audited */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. */
                        name?: string;
                        settings?: {
                            /** @description The sites that may embed the widget: exact origins such as https://shop.example.com, at most 50, stored normalised. Empty: any site. */
                            allowedOrigins?: string[];
                            /** @description The chat button and window: accent colour (#rrggbb), side of the page, the button’s text. */
                            appearance?: {
                                color?: string;
                                launcherText?: string;
                                /** @enum {string} */
                                position?: "right" | "left";
                            };
                            blockedVisitors?: string[];
                            businessHours?: {
                                days: {
                                    fri?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                    mon?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                    sat?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                    sun?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                    thu?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                    tue?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                    wed?: {
                                        from: string;
                                        to: string | "24:00";
                                    }[];
                                };
                                /** @default [] */
                                holidays?: string[];
                                timezone: string;
                            } | null;
                            /** @description An open chat with no activity (message, note, label, page view, the visitor leaving or returning) for this many minutes closes by itself; null: never. */
                            closeInactiveAfterMinutes?: number | null;
                            /** @description Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed. */
                            greeting?: string;
                            language?: string;
                            maxConcurrentChats?: number;
                            maxQueueSize?: number | null;
                            notifyEmails?: string[];
                            offlineForm?: {
                                alwaysOffline?: boolean;
                                enabled?: boolean;
                            };
                            preChat?: {
                                /** @enum {string} */
                                askEmail?: "off" | "optional" | "required";
                                /** @enum {string} */
                                askName?: "off" | "optional" | "required";
                            };
                            proactiveRules?: {
                                /** @default 0 */
                                delaySeconds?: number;
                                id: string;
                                /** @description Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed. */
                                message: string;
                                /** @default 0 */
                                minPagesViewed?: number;
                                /** @default true */
                                onlyWhenAgentsOnline?: boolean;
                                /** @description Matched against the whole URL, case-sensitively; `*` stands for any characters. Blank or null: any. */
                                referrerPattern?: string | null;
                                /** @description Matched against the whole URL, case-sensitively; `*` stands for any characters. Blank or null: any. */
                                urlPattern?: string | null;
                            }[];
                            requireLabelToClose?: boolean;
                            transcriptToTeam?: boolean;
                        };
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Widget"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/widgets/{id}/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set which agents serve the widget (widget-level permissions); audited */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agentIds: string[];
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Widget"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the widget can start a chat now (public): show the chat button or the offline form
         * @description `mode` is `offline` (show the offline form) when nobody of the widget is online or paused, the widget always shows the form, it is outside its business hours (`outsideBusinessHours: true`), or its queue holds `maxQueueSize` chats and nobody can take another (`queueFull: true`). Limited per client address (`PARLEY_LIMIT_WIDGET_READS`).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Availability */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WidgetAvailability"];
                    };
                };
                /** @description Sent from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/chats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a chat (public), or leave an offline request when nobody is online, outside business hours or when the queue is full
         * @description Answers the chat id, the visitor token (send it as `Authorization: Bearer <visitorToken>`, or `?token=` on the event stream; it grants access to this one chat only and is shown only here), and the status: `active` (an agent has it), `queued` (with the place in the queue), or `offline` (an offline request: `email` is then required). Limited per client address (`PARLEY_LIMIT_CHAT_STARTS`): more is a 429 and starts nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        customVariables?: {
                            [key: string]: string;
                        };
                        email?: string;
                        /** @description With `proactive`: the invitation the visitor answers. One of the widget’s own rules’ invitations is stored as the chat’s first message (author `system`, the widget’s name), so the agent reads what the visitor replies to; any other text is left out. */
                        invitation?: string;
                        language?: string;
                        /** @description Line breaks are kept (CR LF becomes LF); other control characters but tabs are removed; the ends are trimmed. */
                        message: string;
                        /** @description Stored NFC, on one line (line breaks and tabs become spaces), without control or bidi override characters, trimmed of white space and invisible characters at both ends; lengths count after that. Empty (or nothing visible) means none. */
                        name?: string;
                        pageUrl?: string;
                        /** @description The visitor answers a proactive invitation of the widget (stored with the chat; `proactive_chat` of the support-request payload). */
                        proactive?: boolean;
                        referrerUrl?: string;
                        /** @description The widget’s random key for this browser on the site (16 to 64 letters, digits, _ or -), the same for each chat it starts there: agents find the visitor’s other chats by it (`GET /api/v1/chats?visitorKey=`) even when they gave no e-mail. */
                        visitorKey?: string;
                    };
                };
            };
            responses: {
                /** @description Started */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StartedChat"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Sent from a site the widget does not allow (`origin_not_allowed`), or by a visitor it blocks (`visitor_blocked`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Nobody can take a chat now (nobody online, outside business hours, queue full) and the widget takes no offline requests */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/colleagues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The other agents of a widget you serve, with status and free capacity: whom to transfer its chats to
         * @description `freeSlots` is the widget’s `maxConcurrentChats` minus their open chats for an online agent, 0 otherwise (a transfer needs at least 1). Sorted by free slots, then name. Agents see the widgets they serve; supervisors and up, every widget. Deactivated users are left out.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The colleagues */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeChats: number;
                            freeSlots: number;
                            name: string;
                            /** @enum {string} */
                            status: "online" | "paused" | "offline";
                            userId: string;
                        }[];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget, or not one you serve */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the visitor widget needs to show itself (public): texts, appearance, forms, availability
         * @description Nothing secret. `availability` is what GET /api/v1/widgets/{id}/availability answers; `visitorBlocked` says whether the widget blocks the address asking (its `blockedVisitors`), whose widget then shows nothing; `transcriptByMail` false says that this server sends no e-mail, so the widget offers no transcript. Answers any origin (CORS), never cached; a page of a site the widget does not list in `allowedOrigins` gets 403 `origin_not_allowed`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The widget’s public configuration */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WidgetConfig"];
                    };
                };
                /** @description Sent from a site the widget does not allow */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The widget’s deliveries (webhooks and CRM pushes), newest first (owner, admin) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "pending" | "in_flight" | "succeeded" | "failed" | "dead" | "skipped";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Delivery"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/integrations/open-api": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The widget’s Open API integration (owner, admin); never shows secrets */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The settings (defaults with `configured: false` before the first PUT) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenApiIntegration"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set up or change the Open API integration (owner, admin); audited, secrets redacted
         * @description The first PUT needs a `url` and answers 201 with the signing secret (`secret`), the only time it is shown. `rotateSecret: true` makes a new one (shown once); the old one keeps signing for 24 hours. `authToken` is write-only (null removes it) and must be printable Latin-1, as any header value. URLs must be https to a public address or name (`localhost.` is loopback too), written out in full without spaces, control characters or credentials (400 `invalid_url`, `url_credentials`, `insecure_url`, `forbidden_address` at `/url`); the URL is saved as its WHATWG serialisation.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Header that carries the authentication token (default `Authorization`). */
                        authHeader?: string;
                        /** @description Static token sent in `authHeader` (printable Latin-1, as any header value); null removes it; write-only. */
                        authToken?: string | null;
                        enabled?: boolean;
                        /** @description Events to push; default `chat.finished` and `offline_request.created`. */
                        events?: ("chat.finished" | "offline_request.created" | "chat.started" | "conversation.queued" | "conversation.assigned" | "conversation.responded" | "conversation.transferred" | "conversation.closed" | "conversation.labeled" | "conversation.surveyed" | "agent.status_changed")[];
                        /** @description Make a new signing secret (returned once); the old one keeps signing for the grace period. */
                        rotateSecret?: boolean;
                        /** @description Where the POSTs go: https://host/path (plain http only to loopback, when the operator allows it); no spaces, control characters or credentials, no private or loopback address or name. Saved as its WHATWG serialisation. */
                        url?: string;
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated (with `secret` when rotated) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenApiIntegration"];
                    };
                };
                /** @description Created, with the signing secret */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenApiIntegration"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Remove the Open API integration for good, with its stored secrets (owner, admin); audited
         * @description Nothing more is pushed; deliveries still waiting end as not sent, and the deliveries made stay listed. Setting it up again starts from scratch. Send `If-Match` with the version shown to refuse removing settings changed meanwhile.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not set up */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/integrations/open-api/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret, shown once; the old one keeps signing for 24 hours (owner, admin); audited */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The settings with the new `secret` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OpenApiIntegration"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not set up */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/integrations/open-api/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event to the Open API endpoint through the delivery log (owner, admin); audited
         * @description Queues a sample `offline_request.created` support request (visitor `visitor@example.com`, id `test-<delivery id>`, a description saying it is a test) to the endpoint, signed and retried like any delivery, even while the integration is disabled or not subscribed to that event. Its tries show in the delivery log.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Delivery"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not set up */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/integrations/salesforce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The widget’s Salesforce connection and Lead field mapping (owner, admin); never shows credentials */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SalesforceIntegration"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Connect a Salesforce org and map chat fields to Lead fields (owner, admin); audited, secrets redacted
         * @description The first PUT needs `instanceUrl`, `clientId` and `clientSecret` (a Connected App with the OAuth 2.0 client credentials flow), or `authFlow: "refresh_token"` with a `refreshToken`. `instanceUrl` follows the same rules as webhook URLs and is saved as its origin. Secrets are write-only and sealed at rest. After each chosen event a Lead is created through the outbox, retried like webhooks.
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        apiVersion?: string;
                        /** @enum {string} */
                        authFlow?: "client_credentials" | "refresh_token";
                        /** @description The Connected App’s consumer key. */
                        clientId?: string;
                        /** @description The Connected App’s consumer secret; write-only. */
                        clientSecret?: string;
                        enabled?: boolean;
                        events?: ("chat.finished" | "offline_request.created")[];
                        fieldMapping?: {
                            leadField: string;
                            source: {
                                field: string;
                            } | {
                                value: string | number | boolean | null;
                            };
                        }[];
                        /** @description The org’s My Domain URL, e.g. https://acme.my.salesforce.com. */
                        instanceUrl?: string;
                        /** @description For the refresh_token flow; write-only. */
                        refreshToken?: string | null;
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SalesforceIntegration"];
                    };
                };
                /** @description Connected */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SalesforceIntegration"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Remove the Salesforce connection for good, with its stored secrets (owner, admin); audited
         * @description Nothing more is pushed; deliveries still waiting end as not sent, and the deliveries made stay listed. Setting it up again starts from scratch. Send `If-Match` with the version shown to refuse removing settings changed meanwhile.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The version you read (the ETag); a stale one gets 412. */
                    "If-Match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not set up */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Stale version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/{id}/integrations/salesforce/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the saved Salesforce connection: a new token and the Lead description, creating nothing (owner, admin)
         * @description Answers 200 with what happened (`ok: false` and the reason when Salesforce refused the credentials or could not be reached) and, when it worked, the Lead fields records may be created with, for the mapping editor. Not audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The result of the check */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SalesforceCheck"];
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not set up */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The server has no Salesforce client (`unavailable`) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widgets/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether each widget can start a chat now, a page of widgets at a time, in the order of the widget list
         * @description For the widget list of a console: the same page (`cursor`, `limit`) of the same widgets as `GET /api/v1/widgets` answers, each with what its visitors would be shown now (as `GET /api/v1/widgets/{id}/availability` says it to a page), read together, in one request.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of availabilities */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["WidgetAvailability"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Not signed in */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/{accountId}/agent/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Agent Status API: an agent’s status and pause reason, by e-mail
         * @description Authorize with an account API token: `Authorization: <token>` (as the commercial service’s APIs take it) or `Authorization: Bearer <token>`. A token of another account gets 403. Limited per client address (`PARLEY_LIMIT_COMPATIBLE_API`; 429 `rate_limited` with Retry-After).
         */
        get: {
            parameters: {
                query: {
                    email: string;
                };
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgentStatusByEmail"];
                    };
                };
                /** @description Invalid e-mail */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid API token (`unauthenticated`) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The token belongs to another account (`forbidden`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No user with this e-mail in the account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Agent Status API: set an agent’s status (and pause reason), by e-mail; audited
         * @description Authorize with an account API token: `Authorization: <token>` (as the commercial service’s APIs take it) or `Authorization: Bearer <token>`. A token of another account gets 403. Limited per client address (`PARLEY_LIMIT_COMPATIBLE_API`; 429 `rate_limited` with Retry-After). Works as a supervisor setting the status: routing takes it at once (going online takes queued chats), and the audit records `agent.status_set` with the token as the actor (`actor.kind: api_token`). A status without `reason` clears the reason.
         */
        put: {
            parameters: {
                query: {
                    email: string;
                };
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string | null;
                        /** @enum {string} */
                        status: "online" | "paused" | "offline";
                    };
                };
            };
            responses: {
                /** @description The new status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgentStatusByEmail"];
                    };
                };
                /** @description The input is not valid */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid API token (`unauthenticated`) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The token belongs to another account (`forbidden`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No user with this e-mail in the account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The body is not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/{accountId}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Logs API: the widget’s cases (chats and offline requests) created in a date range, with transcripts, 100 a page
         * @description Authorize with an account API token: `Authorization: <token>` (as the commercial service’s APIs take it) or `Authorization: Bearer <token>`. A token of another account gets 403. Limited per client address (`PARLEY_LIMIT_COMPATIBLE_API`; 429 `rate_limited` with Retry-After). Each case has the fields of the Open API integration’s support-request payload (snake_case, see the `LogsCase` schema) plus `created_at_date` (epoch milliseconds), `source_id` (1 offline request, 2 chat) and `date_submitted` on each transcript item. Newest first; follow `linkToNextSetOfResults` (or pass `next`) until it is null: every case comes once. `start` and `end` are dates (read in `timezone`, default UTC; `end` includes its whole day) or ISO 8601 date-times with an offset. Bad dates, an unknown zone or an end before the start get 400 `validation_failed`.
         */
        get: {
            parameters: {
                query: {
                    end: string;
                    next?: string;
                    start: string;
                    timezone?: string;
                    widgetId: string;
                };
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LogsPage"];
                    };
                };
                /** @description Invalid query */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description No valid API token (`unauthenticated`) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description The token belongs to another account (`forbidden`) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such widget in this account */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many requests (`rate_limited`, with Retry-After) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/favicon.ico": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Parley’s icon where browsers look for it unasked (an SVG) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description SVG */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/svg+xml": string;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/favicon.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Parley’s icon, which its pages link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description SVG */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/svg+xml": string;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The chat monitor page for a big screen (signs in with the session cookie, or shows a sign-in form) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitor/assets/monitor.css": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The monitor page’s stylesheet */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSS */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/css": string;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitor/assets/monitor.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The monitor page’s script */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JavaScript */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/javascript": string;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitor/s/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The shared, anonymized chat monitor page of a share link
         * @description The page itself is the same for every token; its script reads the token from the address and asks /api/v1/public/monitor/{token}/stream.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description The database cannot be reached (`storage_unavailable`); nothing was changed. Try again after `Retry-After` seconds */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Storage and the other dependencies (the event bus when shared through Redis) are reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                    };
                };
                /** @description Not ready: `unready` names each dependency that is not reachable (`storage`, `events`) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Any other problem */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    conversationEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A conversation event (queued, assigned, responded, transferred, closed, labeled, surveyed) or an agent status change
         * @description Sent for the conversation events an admin chose. JSON Schema: /api/v1/schemas/conversation-event.v1.json.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The delivery’s id; the same across retries and redeliveries: deduplicate on it. */
                    "webhook-id": string;
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` signatures, keyed with the bytes after `whsec_` of the signing secret (Standard Webhooks). During a rotation’s grace period there are two. */
                    "webhook-signature": string;
                    /** @description Seconds since the Unix epoch when this try was signed. */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ConversationEventV1"];
                };
            };
            responses: {
                /** @description Received. Anything else is retried (about three days, exponential backoff), except 410 Gone, which stops for good. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    supportRequest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A support request (finished chat, offline request, started chat)
         * @description Sent for the events `chat.finished`, `offline_request.created` and `chat.started`. JSON Schema: /api/v1/schemas/support-request.v1.json.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The delivery’s id; the same across retries and redeliveries: deduplicate on it. */
                    "webhook-id": string;
                    /** @description Space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` signatures, keyed with the bytes after `whsec_` of the signing secret (Standard Webhooks). During a rotation’s grace period there are two. */
                    "webhook-signature": string;
                    /** @description Seconds since the Unix epoch when this try was signed. */
                    "webhook-timestamp": string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SupportRequestV1"];
                };
            };
            responses: {
                /** @description Received. Anything else is retried (about three days, exponential backoff), except 410 Gone, which stops for good. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        Account: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            /** @enum {string} */
            plan: "free" | "basic" | "plus" | "premier" | "unlimited" | "enterprise";
            settings: {
                auditRetentionDays?: number | null;
                chatRetentionDays?: number | null;
                timezone?: string;
            };
            /** Format: date-time */
            updatedAt: string;
            version: number;
        };
        AgentStatusByEmail: {
            /** @description The agent’s open chats. */
            activeChats: number;
            email: string;
            /** @description The pause reason given with the status (`lunch`), or null. */
            reason: string | null;
            /** @description Since when the status holds; null for an agent who never set one. */
            since: string | null;
            /** @enum {string} */
            status: "online" | "paused" | "offline";
            userId: string;
        };
        /** @description What a share link shows: the MonitorView with every visitor detail but the country code removed, and no messages or transcript links (an allow-list; see docs/ARCHITECTURE.md). */
        AnonymousMonitorView: {
            /** Format: date-time */
            generatedAt: string;
            widgets: {
                active: {
                    agentId: string;
                    agentName: string | null;
                    /** Format: date-time */
                    assignedAt: string;
                    chatId: string;
                    /** @description Seconds since assignment at `generatedAt`. */
                    durationSeconds: number;
                    visitor: {
                        countryCode: string | null;
                    };
                }[];
                agents: {
                    /** @description Open chats of the agent in every widget. */
                    activeChats: number;
                    name: string;
                    since: string | null;
                    /** @enum {string} */
                    status: "online" | "paused" | "offline";
                    userId: string;
                }[];
                id: string;
                name: string;
                queue: {
                    chatId: string;
                    /** Format: date-time */
                    queuedAt: string;
                    visitor: {
                        countryCode: string | null;
                    };
                    /** @description Seconds waited at `generatedAt`; add the time since you received the view. */
                    waitingSeconds: number;
                }[];
                stats: {
                    active: number;
                    /** @description Chats the widget’s online agents can still take: each one’s maximum (their own, else the widget’s) minus their open chats in every widget; an agent shared by several widgets counts in each. */
                    availableSlots: number;
                    longestWaitSeconds: number;
                    offline: number;
                    online: number;
                    paused: number;
                    /** @description Every queued chat (the list may be cut at 500). */
                    queued: number;
                };
            }[];
        };
        /** @description An account API token, never its secret. */
        ApiToken: {
            /** Format: date-time */
            createdAt: string;
            /** @description The owner or admin who created it. */
            createdBy: string;
            /** @description When it stops working (401 `token_expired`); null: until revoked. */
            expiresAt: string | null;
            id: string;
            label: string;
            /** @description When a request last came with it (recorded at most once a minute); null until then. */
            lastUsedAt: string | null;
            /**
             * @description `read`: GET/HEAD on `/api/v1`; `full`: also the compatible APIs’ writes.
             * @enum {string}
             */
            scope: "read" | "full";
        };
        AuditEntry: {
            accountId?: string;
            /**
             * @example widget.updated
             * @example user.role_changed
             * @example widget.agents_changed
             */
            action: string;
            actor: {
                /** @description For `api_token`: the token’s id. */
                apiTokenId?: string;
                email?: string | null;
                ip?: string | null;
                /** @enum {string} */
                kind?: "user" | "system" | "api_token";
                userAgent?: string | null;
                userId?: string | null;
            };
            changes: components["schemas"]["FieldChange"][];
            /** Format: date-time */
            createdAt: string;
            /** @description SHA-256 over the canonical JSON of the entry and prevHash. */
            hash: string;
            id: string;
            prevHash: string;
            revertible: boolean;
            revertOf?: string | null;
            /** @description Position in the account’s hash chain (1, 2, 3…). */
            seq: number;
            targetId: string;
            targetType: string;
            /** @enum {string} */
            type: "account" | "widget" | "permissions" | "security" | "integration" | "monitor" | "canned_response" | "label" | "agent";
            widgetId?: string | null;
        };
        CannedResponse: {
            accountId: string;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @description Without `#`, in lower case; unique per account and scope (the widget, or account-wide). */
            shortcut: string;
            /** @description As written: `{visitor.name}` and `{agent.name}` are left for the agent console to fill in. */
            text: string;
            title: string;
            /** Format: date-time */
            updatedAt: string;
            version: number;
            /** @description The widget it is for; null for every widget of the account. */
            widgetId: string | null;
        };
        Chat: {
            accountId: string;
            agentId?: string | null;
            assignedAt?: string | null;
            closedAt?: string | null;
            closedBy?: ("visitor" | "agent" | "system") | null;
            closedByUserId?: string | null;
            /** Format: date-time */
            createdAt: string;
            firstAgentReplyAt?: string | null;
            /** @description When an agent marked this offline request handled (`PUT /api/v1/chats/{id}/handled`); null while not. */
            handledAt?: string | null;
            /** @description The user who marked it handled; null while not. */
            handledBy?: string | null;
            id: string;
            /** @enum {string} */
            kind: "chat" | "offline";
            /** @description Ids of the labels on the chat, sorted (`PUT /api/v1/chats/{id}/labels`). A deleted label’s id may remain. */
            labels?: string[];
            lastSeq: number;
            /** @description The visitor started it by answering one of the widget’s proactive invitations. */
            proactive: boolean;
            question: string;
            queuedAt?: string | null;
            /** @enum {string} */
            status: "queued" | "active" | "closed" | "abandoned" | "offline";
            survey?: components["schemas"]["ChatSurvey"] | null;
            transfers?: {
                /** Format: date-time */
                at?: string;
                byUserId?: string;
                fromAgentId?: string;
                toAgentId?: string;
            }[];
            /** Format: date-time */
            updatedAt?: string;
            version: number;
            visitor: {
                browser?: string | null;
                customVariables?: {
                    [key: string]: string;
                };
                email?: string | null;
                geo?: {
                    city?: string | null;
                    country?: string | null;
                    countryCode?: string | null;
                    latitude?: number | null;
                    longitude?: number | null;
                    region?: string | null;
                    timezone?: string | null;
                };
                ip?: string | null;
                /** @description The widget’s random key for the visitor’s browser on the site, the same for each chat it starts there (null: none sent); `GET /api/v1/chats?visitorKey=` lists them. */
                key?: string | null;
                language?: string | null;
                name?: string | null;
                os?: string | null;
                pageUrl?: string | null;
                referrerUrl?: string | null;
                userAgent?: string | null;
            };
            widgetId: string;
        };
        ChatEvent: {
            accountId: string;
            /** Format: date-time */
            at: string;
            author: {
                alias: string;
                /** @enum {string} */
                kind: "visitor" | "agent" | "system";
                userId: string | null;
            } | null;
            chatId: string;
            /** @description The key the sender gave the message (`clientMessageId` or `Idempotency-Key`); absent when none. */
            clientMessageId?: string;
            /** @description The rest of the event: `agentId` and `agentName` of an assignment; `fromAgentId`, `toAgentId`, `agentName` (the new agent’s), `byUserId` and `byUserName` of a transfer, with `toWidgetId` and `widgetName` for one to another widget’s queue; `by` (`visitor`, `agent` or `system`), `userId` and `userName` of a close; `chat.labeled`: `before` and `after` (label ids), `byUserId` and `byUserName`; `chat.handled`: `handled`, `byUserId` and `byUserName`; `chat.surveyed`: the visitor’s `score` (1–5) and `comment` (null when none); `chat.page`: the `url` of a page the visitor opened during the chat; `chat.visitor_left` and `chat.visitor_back` (every page of the site closed past the grace period during an open chat, and one opened again) carry nothing; `chat.closed` of a quiet chat carries `inactiveMinutes`. */
            data: {
                [key: string]: unknown;
            };
            id: string;
            /** @description 1, 2, 3... per chat; the SSE id on the chat stream. */
            seq: number;
            /** @description What was written: a `chat.message`, a `chat.note` (a user’s note for the team, never shown to the visitor; its author is the user) or an offline request’s message. */
            text: string | null;
            /** @enum {string} */
            type: "chat.queued" | "chat.assigned" | "chat.message" | "chat.transferred" | "chat.closed" | "chat.abandoned" | "chat.offline" | "chat.labeled" | "chat.surveyed" | "chat.handled" | "chat.note" | "chat.page" | "chat.visitor_left" | "chat.visitor_back";
        };
        ChatReport: {
            /** @description Agents who took a chat, most chats first. */
            agents: {
                /** @description Chats the visitor left, taken or not. */
                abandoned: number;
                agentId: string;
                /** @description Chats an agent replied in. */
                answered: number;
                /** @description Live chats asked for. */
                chats: number;
                /** @description From an agent taking the chat to its end. */
                duration: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description From the visitor’s first message to the agent’s first reply. */
                firstResponse: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description Chats that ended without an agent’s reply: no agent took them, or the one who did never wrote. */
                missed: number;
                /** @description Null when the user or widget no longer exists. */
                name: string | null;
                /** @description Messages left while nobody was available. */
                offlineRequests: number;
                /** @description The visitors’ ratings; null when nobody rated. */
                satisfaction: {
                    /** @description Their average rating, 1 (poor) to 5 (excellent), to one decimal. */
                    average: number;
                    /** @description Chats an agent took that the visitor rated after they ended. */
                    rated: number;
                    /** @description Ratings of 4 or 5. */
                    satisfied: number;
                } | null;
                /** @description From entering the queue to an agent taking it (chats an agent took). */
                wait: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
            }[];
            /** @description Every day of the range, in order. */
            days: {
                /** @description Chats the visitor left, taken or not. */
                abandoned: number;
                /** @description Chats an agent replied in. */
                answered: number;
                /** @description Live chats asked for. */
                chats: number;
                /** Format: date */
                date: string;
                /** @description From an agent taking the chat to its end. */
                duration: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description From the visitor’s first message to the agent’s first reply. */
                firstResponse: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description Chats that ended without an agent’s reply: no agent took them, or the one who did never wrote. */
                missed: number;
                /** @description Messages left while nobody was available. */
                offlineRequests: number;
                /** @description The visitors’ ratings; null when nobody rated. */
                satisfaction: {
                    /** @description Their average rating, 1 (poor) to 5 (excellent), to one decimal. */
                    average: number;
                    /** @description Chats an agent took that the visitor rated after they ended. */
                    rated: number;
                    /** @description Ratings of 4 or 5. */
                    satisfied: number;
                } | null;
                /** @description From entering the queue to an agent taking it (chats an agent took). */
                wait: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
            }[];
            /** Format: date */
            from: string;
            timeZone: string;
            /** Format: date */
            to: string;
            totals: {
                /** @description Chats the visitor left, taken or not. */
                abandoned: number;
                /** @description Chats an agent replied in. */
                answered: number;
                /** @description Live chats asked for. */
                chats: number;
                /** @description From an agent taking the chat to its end. */
                duration: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description From the visitor’s first message to the agent’s first reply. */
                firstResponse: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description Chats that ended without an agent’s reply: no agent took them, or the one who did never wrote. */
                missed: number;
                /** @description Messages left while nobody was available. */
                offlineRequests: number;
                /** @description The visitors’ ratings; null when nobody rated. */
                satisfaction: {
                    /** @description Their average rating, 1 (poor) to 5 (excellent), to one decimal. */
                    average: number;
                    /** @description Chats an agent took that the visitor rated after they ended. */
                    rated: number;
                    /** @description Ratings of 4 or 5. */
                    satisfied: number;
                } | null;
                /** @description From entering the queue to an agent taking it (chats an agent took). */
                wait: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
            };
            widgetId: string | null;
            /** @description Widgets with chats, most first. */
            widgets: {
                /** @description Chats the visitor left, taken or not. */
                abandoned: number;
                /** @description Chats an agent replied in. */
                answered: number;
                /** @description Live chats asked for. */
                chats: number;
                /** @description From an agent taking the chat to its end. */
                duration: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description From the visitor’s first message to the agent’s first reply. */
                firstResponse: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                /** @description Chats that ended without an agent’s reply: no agent took them, or the one who did never wrote. */
                missed: number;
                /** @description Null when the user or widget no longer exists. */
                name: string | null;
                /** @description Messages left while nobody was available. */
                offlineRequests: number;
                /** @description The visitors’ ratings; null when nobody rated. */
                satisfaction: {
                    /** @description Their average rating, 1 (poor) to 5 (excellent), to one decimal. */
                    average: number;
                    /** @description Chats an agent took that the visitor rated after they ended. */
                    rated: number;
                    /** @description Ratings of 4 or 5. */
                    satisfied: number;
                } | null;
                /** @description From entering the queue to an agent taking it (chats an agent took). */
                wait: {
                    /** @description Average, in seconds. */
                    avg: number;
                    /** @description Chats measured. */
                    count: number;
                    /** @description 90th percentile (nearest rank), in seconds. */
                    p90: number;
                } | null;
                widgetId: string;
            }[];
        };
        /** @description The visitor’s rating once the chat ended (`POST /api/v1/chats/{id}/survey`); a chat’s `survey` is null until they give one. */
        ChatSurvey: {
            /** Format: date-time */
            at: string;
            comment: string | null;
            /** @description 1 (poor) to 5 (excellent). */
            score: number;
        };
        /** @description A conversation event, sent by the Parley Open API integration when conversation events are chosen. */
        ConversationEventV1: {
            /** @description The agent concerned: assigned, replying, receiving a transfer, closing; or whose status changed. */
            agent: {
                /** @description The name the visitor saw. */
                alias: string;
                /** @description The agent’s email. */
                email: string | null;
                /** @description The agent’s user id. */
                id: string;
            } | null;
            /** @description For `agent.status_changed`, the new status. */
            agent_status: ("online" | "paused" | "offline") | null;
            /** @description For `agent.status_changed`, the reason given with the status (`lunch`, `training`), if any. */
            agent_status_reason: string | null;
            /** @description For `agent.status_changed`, the supervisor, admin or owner who set the agent’s status; null when the agent did or it was automatic. */
            changed_by: {
                /** @description The name the visitor saw. */
                alias: string;
                /** @description The agent’s email. */
                email: string | null;
                /** @description The agent’s user id. */
                id: string;
            } | null;
            /** @description For `conversation.closed`, who ended it. */
            closed_by: ("visitor" | "agent" | "system") | null;
            /**
             * @description What happened: a chat entered the queue, was assigned to an agent, got its first agent reply, was transferred, was closed, had its labels changed, was rated by the visitor; or an agent’s status changed.
             * @enum {string}
             */
            event: "conversation.queued" | "conversation.assigned" | "conversation.responded" | "conversation.transferred" | "conversation.closed" | "conversation.labeled" | "conversation.surveyed" | "agent.status_changed";
            /** @description The event’s id. */
            id: string;
            /** @description For `conversation.labeled`, the names of the chat’s labels after the change, in name order; null otherwise. */
            labels: string[] | null;
            /** @description When it happened (ISO 8601, UTC). */
            occurred_at: string;
            /** @description The same, in milliseconds since the Unix epoch. */
            occurred_at_milliseconds: number;
            /** @description For transfers, the agent who handed the chat over. */
            previous_agent: {
                /** @description The name the visitor saw. */
                alias: string;
                /** @description The agent’s email. */
                email: string | null;
                /** @description The agent’s user id. */
                id: string;
            } | null;
            /** @description For `conversation.labeled`, the names before the change; null otherwise. */
            previous_labels: string[] | null;
            /** @description The chat (support request) it is about; null for agent status changes. */
            request_id: string | null;
            /** @description The visitor’s email, for conversation events. */
            requested_by: string | null;
            /**
             * @description Version of this schema; 1.
             * @constant
             */
            schema_version: 1;
            /** @description For `conversation.surveyed`, the comment the visitor left with it (null when none); null otherwise. */
            survey_comments: string | null;
            /** @description For `conversation.surveyed`, the visitor’s rating, 1 (poor) to 5 (excellent); null otherwise. */
            survey_score: number | null;
            /** @description The widget. */
            widget_id: string;
        };
        CreatedApiToken: {
            /** @description The token itself: shown this once, only its SHA-256 is kept. Send it as `Authorization: <secret>` (or `Bearer <secret>`). */
            secret: string;
            token: components["schemas"]["ApiToken"];
        };
        CreatedMonitorShareLink: {
            link: components["schemas"]["MonitorShareLink"];
            /** @description Shown once; only its SHA-256 is stored. */
            token: string;
            /** @description Path of the shared monitor page on this server: /monitor/s/<token>. */
            url: string;
        };
        Delivery: {
            accountId?: string;
            /** @description Tries since it was queued or last redelivered. */
            attempts: number;
            claimedBy?: string | null;
            claimUntil?: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            eventType: "chat.finished" | "offline_request.created" | "chat.started" | "conversation.queued" | "conversation.assigned" | "conversation.responded" | "conversation.transferred" | "conversation.closed" | "conversation.labeled" | "conversation.surveyed" | "agent.status_changed" | "mail.offline_request" | "mail.transcript" | "mail.invitation" | "mail.password_reset" | "mail.user_locked";
            /** @description The `webhook-id` receivers see; stable across retries. */
            id: string;
            lastError?: string | null;
            lastStatus?: number | null;
            nextAttemptAt?: string | null;
            /**
             * @description `failed`: the retry schedule ran out, or the mail server refused a mail for good (5xx); `dead`: 410 Gone, or the integration is disabled or gone; `skipped`: a mail the server had no mail transport for (no `PARLEY_SMTP_URL`). All three can be redelivered.
             * @enum {string}
             */
            status: "pending" | "in_flight" | "succeeded" | "failed" | "dead" | "skipped";
            /**
             * @description `email`: a mail of the widget (offline request, transcript), sent over the server’s SMTP connection.
             * @enum {string}
             */
            target: "open_api" | "salesforce" | "email";
            /** @description A test event (`POST …/open-api/test`), not a real one: its request id starts with `test-`. */
            test: boolean;
            /** Format: date-time */
            updatedAt?: string;
            widgetId: string;
        };
        DeliveryDetail: {
            accountId?: string;
            attemptLog?: {
                error?: string | null;
                id?: string;
                latencyMs?: number;
                ok?: boolean;
                /** @description The first KiB of the answer. */
                responseSnippet?: string | null;
                /** Format: date-time */
                startedAt?: string;
                status?: number | null;
                workerId?: string;
            }[];
            /** @description Tries since it was queued or last redelivered. */
            attempts: number;
            claimedBy?: string | null;
            claimUntil?: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            eventType: "chat.finished" | "offline_request.created" | "chat.started" | "conversation.queued" | "conversation.assigned" | "conversation.responded" | "conversation.transferred" | "conversation.closed" | "conversation.labeled" | "conversation.surveyed" | "agent.status_changed" | "mail.offline_request" | "mail.transcript" | "mail.invitation" | "mail.password_reset" | "mail.user_locked";
            /** @description The `webhook-id` receivers see; stable across retries. */
            id: string;
            lastError?: string | null;
            lastStatus?: number | null;
            nextAttemptAt?: string | null;
            /** @description What is (or was) sent: a SupportRequestV1 or ConversationEventV1. */
            payload?: Record<string, never>;
            /**
             * @description `failed`: the retry schedule ran out, or the mail server refused a mail for good (5xx); `dead`: 410 Gone, or the integration is disabled or gone; `skipped`: a mail the server had no mail transport for (no `PARLEY_SMTP_URL`). All three can be redelivered.
             * @enum {string}
             */
            status: "pending" | "in_flight" | "succeeded" | "failed" | "dead" | "skipped";
            /**
             * @description `email`: a mail of the widget (offline request, transcript), sent over the server’s SMTP connection.
             * @enum {string}
             */
            target: "open_api" | "salesforce" | "email";
            /** @description A test event (`POST …/open-api/test`), not a real one: its request id starts with `test-`. */
            test: boolean;
            /** Format: date-time */
            updatedAt?: string;
            widgetId: string;
        };
        /** @description One changed field. `path` is an RFC 6901 JSON Pointer into the changed object; arrays are recorded whole. A missing `from` means the field was added, a missing `to` that it was removed. Secrets carry only `redacted: true`. */
        FieldChange: {
            from?: unknown;
            path: string;
            /** @constant */
            redacted?: true;
            to?: unknown;
        };
        /** @description Whether your own address passes the IP rules asked about. */
        IpRulesCheck: {
            /** @description Your address as the server sees it; null when unknown. */
            address: string | null;
            /** @description Whether the rules let that address in. */
            allowed: boolean;
        };
        Label: {
            accountId: string;
            color: string;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @description Unique per account without regard to case. */
            name: string;
            /** Format: date-time */
            updatedAt: string;
            version: number;
        };
        /** @description A chat of the list; with `match` when the list is a search (`q`). */
        ListedChat: components["schemas"]["Chat"] & {
            /** @description What matched: the newest matching message (the text around the hit), else the visitor field. */
            match?: {
                /** @enum {string} */
                field: "message" | "visitorName" | "visitorEmail";
                snippet: string;
            };
        };
        /** @description A case of the Logs API: a live chat or an offline request, with its transcript. */
        LogsCase: {
            /** @description The agent who handled the request (the last one, after transfers). */
            agent: {
                /** @description The name the visitor saw. */
                alias: string;
                /** @description The agent’s email. */
                email: string | null;
                /** @description The agent’s user id. */
                id: string;
            } | null;
            /** @description Browser name and major version, e.g. `Chrome 126`. */
            browser: string | null;
            /** @description Seconds from the agent taking the chat to its end; null while open, unanswered, or offline. */
            chat_duration: number | null;
            /** @description Seconds the visitor waited for an agent; null when no agent took the chat, and for offline requests. */
            chat_waittime: number | null;
            /** @description City. */
            city: string | null;
            /** @description When the chat ended (ISO 8601, UTC); null while open and for offline requests. */
            closed_at: string | null;
            /** @description Country name. */
            country: string | null;
            /** @description ISO 3166-1 alpha-2 country code from the IP address, e.g. `DE`. */
            country_code: string | null;
            /** @description When the request was made (ISO 8601, UTC). */
            created_at: string;
            /** @description When the request was made, in milliseconds since the Unix epoch (the Logs API’s name for it). */
            created_at_date: number;
            /** @description The same, in milliseconds since the Unix epoch. */
            created_at_milliseconds: number;
            /** @description The same, in seconds since the Unix epoch. */
            created_at_seconds: number;
            /** @description The question: the visitor’s first message or the offline request’s text. */
            description: string;
            /** @description The page the visitor started the chat from (the same as `page_url`). */
            entry_url: string | null;
            /** @description The support request’s id (the chat’s id); stable for the request. */
            id: string;
            /** @description The visitor’s IP address. */
            ip_address: string | null;
            /** @description Custom variables set by the page, in name order. */
            javascript_variables: {
                name: string;
                value: string;
            }[];
            /** @description Names of the labels agents put on the chat, in name order; empty when none. */
            labels: string[];
            /** @description The visitor’s language (BCP 47), e.g. `de-DE`. */
            language_code: string | null;
            /** @description The visitor’s language with its English name; empty when unknown. */
            languages: {
                code: string;
                name: string;
            }[];
            /** @description Latitude. */
            latitude: number | null;
            /** @description Longitude. */
            longitude: number | null;
            /** @description Variables set by agents; empty (kept for compatibility). */
            operator_variables: {
                name: string;
                value: string;
            }[];
            /** @description Operating system, e.g. `Windows 10`. */
            os: string | null;
            /** @description The page the widget was on. */
            page_url: string | null;
            /** @description Whether the visitor answered one of the widget’s proactive invitations. */
            proactive_chat: boolean;
            /** @description The page that referred the visitor. */
            referrer_url: string | null;
            /** @description Region or state. */
            region: string | null;
            /** @description The visitor’s email. */
            requested_by: string | null;
            /** @description Who asked. */
            requester_details: {
                /** @description The visitor’s email. */
                email: string | null;
                /** @description The visitor’s name. */
                name: string | null;
            };
            /** @description What the case is, as the commercial Logs API numbers it: 1 an offline request, 2 a live chat. */
            source_id: 1 | 2;
            /**
             * @description The chat’s status when sent.
             * @enum {string}
             */
            status: "queued" | "active" | "closed" | "abandoned" | "offline";
            /** @description The comment the visitor left with their rating; null when none. */
            survey_comments: string | null;
            /** @description The visitor’s rating of the chat, 1 (poor) to 5 (excellent); null when they gave none. The visitor rates a chat after it ended, so `chat.finished` (sent as it ends) carries null: the rating arrives as `conversation.surveyed`. */
            survey_score: number | null;
            /** @description IANA time zone of the location. */
            timezone: string | null;
            /** @description The whole conversation, oldest first. */
            transcripts: {
                /** @description Who wrote it, as shown in the chat (`Visitor` when the visitor gave no name). */
                alias: string;
                /**
                 * @description Who wrote it: the visitor, an agent, or Parley itself.
                 * @enum {string}
                 */
                author_type: "visitor" | "agent" | "system";
                /** @description When it was written (ISO 8601, UTC). */
                date: string;
                /** @description The same, in milliseconds since the Unix epoch. */
                date_milliseconds: number;
                /** @description The same, in seconds since the Unix epoch. */
                date_seconds: number;
                /** @description When it was written, in milliseconds since the Unix epoch. */
                date_submitted: number;
                /** @description Message id. */
                id: string;
                /** @description The text. */
                message: string;
            }[];
            /**
             * @description `chat` for a live chat, `offline` for an offline request.
             * @enum {string}
             */
            type: "chat" | "offline";
            /** @description A link to the request in Parley’s API, when the server knows its public URL. */
            url: string | null;
            /** @description The visitor’s browser user agent. */
            user_agent: string | null;
            /** @description The widget it came through. */
            widget_id: string;
        };
        /** @description One page of the Logs API. */
        LogsPage: {
            /** @description At most 100, newest first. */
            cases: components["schemas"]["LogsCase"][];
            /** @description The URL of the next page (the same query with `next`); null on the last page. */
            linkToNextSetOfResults: string | null;
            /** @description Where this page ended: pass it as `next` for the following page; null on the last page. */
            next: string | null;
        };
        MonitorLayout: {
            updatedAt: string | null;
            /** @description 0 until an order is saved; send it back (If-Match or `version`). */
            version: number;
            /** @description Every widget of the account, top first. */
            widgetIds: string[];
        };
        MonitorShareLink: {
            accountId: string;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            expiresAt: string | null;
            id: string;
            label: string;
            revokedAt: string | null;
            revokedBy: string | null;
            /** @enum {string} */
            state: "active" | "expired" | "revoked";
            /** @description null: every widget, including ones created later. */
            widgetIds: string[] | null;
        };
        /** @description The live chat monitor of an account (supervisors, admins, owners). */
        MonitorView: {
            /** Format: date-time */
            generatedAt: string;
            /** @description In the viewer’s layout order (PUT /api/v1/monitor/layout); widgets not in it follow by name. */
            widgets: {
                /** @description Chats in progress, longest-running first. */
                active: {
                    agentId: string;
                    agentName: string | null;
                    /** Format: date-time */
                    assignedAt: string;
                    chatId: string;
                    /** @description Seconds since assignment at `generatedAt`. */
                    durationSeconds: number;
                    question: string;
                    /** @description GET it (signed in) for the transcript. */
                    transcriptUrl: string;
                    visitor: components["schemas"]["MonitorVisitor"];
                }[];
                /** @description The widget’s agents: online, then paused, then offline. */
                agents: {
                    /** @description Open chats of the agent in every widget. */
                    activeChats: number;
                    name: string;
                    /** @description The reason given with the status (`lunch`, `training`), or null. */
                    reason: string | null;
                    since: string | null;
                    /** @enum {string} */
                    status: "online" | "paused" | "offline";
                    userId: string;
                }[];
                id: string;
                name: string;
                /** @description Chats waiting, oldest first. */
                queue: {
                    chatId: string;
                    question: string;
                    /** Format: date-time */
                    queuedAt: string;
                    visitor: components["schemas"]["MonitorVisitor"];
                    /** @description Seconds waited at `generatedAt`; add the time since you received the view. */
                    waitingSeconds: number;
                }[];
                stats: {
                    active: number;
                    /** @description Chats the widget’s online agents can still take: each one’s maximum (their own, else the widget’s) minus their open chats in every widget; an agent shared by several widgets counts in each. */
                    availableSlots: number;
                    longestWaitSeconds: number;
                    offline: number;
                    online: number;
                    paused: number;
                    /** @description Every queued chat (the list may be cut at 500). */
                    queued: number;
                };
            }[];
        };
        MonitorVisitor: {
            browser: string | null;
            city: string | null;
            country: string | null;
            /** @description ISO 3166-1 alpha-2. */
            countryCode: string | null;
            customVariables: {
                [key: string]: string;
            };
            email: string | null;
            language: string | null;
            name: string | null;
            os: string | null;
            pageUrl: string | null;
            region: string | null;
        };
        OpenApiIntegration: {
            authHeader: string;
            /** @description Whether a static token is sent (it is never shown). */
            authTokenSet: boolean;
            /** @description False until the first PUT. */
            configured: boolean;
            createdAt?: string | null;
            enabled: boolean;
            events: ("chat.finished" | "offline_request.created" | "chat.started" | "conversation.queued" | "conversation.assigned" | "conversation.responded" | "conversation.transferred" | "conversation.closed" | "conversation.labeled" | "conversation.surveyed" | "agent.status_changed")[];
            /** @description While the rotated-out secret still signs: until when. */
            previousSecretExpiresAt?: string | null;
            /** @description Only in the answer that created or rotated it: the signing secret (`whsec_...`), shown once. */
            secret?: string;
            updatedAt?: string | null;
            url: string | null;
            version: number;
            widgetId: string;
        };
        /** @description An invitation the widget shows by itself, as an agent’s message with the panel opening: at most once per visit (a browser tab’s session), never while a chat or the window is open, and no other after the visitor answered or closed one. Of the rules that apply, the one whose delay ends first shows (the earlier rule on a tie). Public: the widget’s config carries the rules. */
        ProactiveRule: {
            /** @description Seconds on the page before it shows. */
            delaySeconds: number;
            /** @description Unique within the widget. */
            id: string;
            /** @description The invitation. */
            message: string;
            /** @description Pages of the site viewed this visit, the current one included. */
            minPagesViewed: number;
            /** @description Only while the availability is not `offline`. */
            onlyWhenAgentsOnline: boolean;
            /** @description Glob matched against the whole referrer URL; null: any referrer or none. */
            referrerPattern: string | null;
            /** @description Glob matched against the whole page URL (`*`: any characters, case-sensitive); null: every page. */
            urlPattern: string | null;
        };
        /** @description RFC 9457 problem details. `code` is stable; `type` is https://parley.dev/problems/<code>. */
        Problem: {
            code: string;
            detail?: string;
            errors?: {
                code: string;
                message: string;
                /** @description JSON Pointer into the input */
                path?: string;
            }[];
            instance?: string;
            status: number;
            title: string;
            type: string;
        };
        SalesforceCheck: {
            /** @description Why it failed (`Salesforce token request failed: …`); null when it worked. */
            error: string | null;
            latencyMs: number;
            /** @description API names of the Lead fields records may be created with. */
            leadFields: string[] | null;
            /** @description A token was granted and the Lead object described. */
            ok: boolean;
            /** @description HTTP status of the last request; null when no answer came. */
            status: number | null;
        };
        SalesforceIntegration: {
            apiVersion?: string;
            /** @enum {string} */
            authFlow: "client_credentials" | "refresh_token";
            clientId: string | null;
            clientSecretSet: boolean;
            configured: boolean;
            createdAt?: string | null;
            enabled: boolean;
            events: ("chat.finished" | "offline_request.created")[];
            fieldMapping: {
                /** @description The Lead field’s API name: `LastName`, `Chat_Transcript__c`... */
                leadField: string;
                /** @description Either `{field}` (one of id, widget_id, url, type, status, event, requested_by, requester_details.name, requester_details.email, requester_first_name, requester_last_name, description, created_at, closed_at, page_url, entry_url, referrer_url, ip_address, user_agent, browser, os, country_code, country, region, city, latitude, longitude, timezone, language_code, chat_waittime, chat_duration, agent.id, agent.alias, agent.email, transcript_text, or `javascript_variables.<name>`) or `{value}` (a fixed value). */
                source: {
                    field: string;
                } | {
                    value: string | number | boolean | null;
                };
            }[];
            instanceUrl: string | null;
            refreshTokenSet?: boolean;
            /** @description The support-request fields a mapping may read (besides `javascript_variables.<name>`), for editors to offer. */
            sourceFields: ("id" | "widget_id" | "url" | "type" | "status" | "event" | "requested_by" | "requester_details.name" | "requester_details.email" | "requester_first_name" | "requester_last_name" | "description" | "created_at" | "closed_at" | "page_url" | "entry_url" | "referrer_url" | "ip_address" | "user_agent" | "browser" | "os" | "country_code" | "country" | "region" | "city" | "latitude" | "longitude" | "timezone" | "language_code" | "chat_waittime" | "chat_duration" | "agent.id" | "agent.alias" | "agent.email" | "transcript_text")[];
            updatedAt?: string | null;
            version: number;
            widgetId: string;
        };
        /** @description The owner’s security policy. `password.reuse.mode`: off | lastN (value 5–8) | months (value 1, 6 or 12). `lockout.lockMinutes: null` with a limit set locks until an owner or admin unlocks. `ipRules`: addresses, IPv4 wildcards and CIDR ranges; empty allows every address. */
        SecuritySettings: {
            inactivityDays: number | null;
            ipRules: string[];
            lockout: {
                lockMinutes: number | null;
                maxFailedAttempts: number | null;
            };
            password: {
                expiryMonths: number | null;
                forbidUserInfo: boolean;
                minLength: number;
                requireMixedCase: boolean;
                requireSpecialChar: boolean;
                reuse: {
                    /** @constant */
                    mode: "off";
                    /** @default null */
                    value: null;
                } | {
                    /** @constant */
                    mode: "lastN";
                    value: number;
                } | {
                    /** @constant */
                    mode: "months";
                    value: number;
                };
            };
            /** @description Bumped on every change; send it back in If-Match. */
            version: number;
        };
        Server: {
            /** @description Sends e-mail; null: not known. */
            mail: boolean | null;
        };
        StartedChat: {
            chatId: string;
            /** @enum {string} */
            kind: "chat" | "offline";
            queue: {
                estimatedWaitSeconds: number | null;
                position: number;
                /** @description Whether anyone serving the widget is online or paused (false: nobody may come). */
                staffed: boolean;
            } | null;
            /** @enum {string} */
            status: "queued" | "active" | "offline";
            /** @description Shown once. Grants access to this chat only. */
            visitorToken: string;
        };
        /** @description A support request (live chat or offline request), sent by the Parley Open API integration. */
        SupportRequestV1: {
            /** @description The agent who handled the request (the last one, after transfers). */
            agent: {
                /** @description The name the visitor saw. */
                alias: string;
                /** @description The agent’s email. */
                email: string | null;
                /** @description The agent’s user id. */
                id: string;
            } | null;
            /** @description Browser name and major version, e.g. `Chrome 126`. */
            browser: string | null;
            /** @description Seconds from the agent taking the chat to its end; null while open, unanswered, or offline. */
            chat_duration: number | null;
            /** @description Seconds the visitor waited for an agent; null when no agent took the chat, and for offline requests. */
            chat_waittime: number | null;
            /** @description City. */
            city: string | null;
            /** @description When the chat ended (ISO 8601, UTC); null while open and for offline requests. */
            closed_at: string | null;
            /** @description Country name. */
            country: string | null;
            /** @description ISO 3166-1 alpha-2 country code from the IP address, e.g. `DE`. */
            country_code: string | null;
            /** @description When the request was made (ISO 8601, UTC). */
            created_at: string;
            /** @description The same, in milliseconds since the Unix epoch. */
            created_at_milliseconds: number;
            /** @description The same, in seconds since the Unix epoch. */
            created_at_seconds: number;
            /** @description The question: the visitor’s first message or the offline request’s text. */
            description: string;
            /** @description The page the visitor started the chat from (the same as `page_url`). */
            entry_url: string | null;
            /**
             * @description Why it was sent.
             * @enum {string}
             */
            event: "chat.finished" | "offline_request.created" | "chat.started";
            /** @description The support request’s id (the chat’s id); stable for the request. */
            id: string;
            /** @description The visitor’s IP address. */
            ip_address: string | null;
            /** @description Custom variables set by the page, in name order. */
            javascript_variables: {
                name: string;
                value: string;
            }[];
            /** @description Names of the labels agents put on the chat, in name order; empty when none. */
            labels: string[];
            /** @description The visitor’s language (BCP 47), e.g. `de-DE`. */
            language_code: string | null;
            /** @description The visitor’s language with its English name; empty when unknown. */
            languages: {
                code: string;
                name: string;
            }[];
            /** @description Latitude. */
            latitude: number | null;
            /** @description Longitude. */
            longitude: number | null;
            /** @description Variables set by agents; empty (kept for compatibility). */
            operator_variables: {
                name: string;
                value: string;
            }[];
            /** @description Operating system, e.g. `Windows 10`. */
            os: string | null;
            /** @description The page the widget was on. */
            page_url: string | null;
            /** @description Whether the visitor answered one of the widget’s proactive invitations. */
            proactive_chat: boolean;
            /** @description The page that referred the visitor. */
            referrer_url: string | null;
            /** @description Region or state. */
            region: string | null;
            /** @description The visitor’s email. */
            requested_by: string | null;
            /** @description Who asked. */
            requester_details: {
                /** @description The visitor’s email. */
                email: string | null;
                /** @description The visitor’s name. */
                name: string | null;
            };
            /**
             * @description Version of this schema; 1.
             * @constant
             */
            schema_version: 1;
            /**
             * @description Where the request came from: 1 is the website widget (Parley’s only source).
             * @constant
             */
            source_id: 1;
            /**
             * @description The chat’s status when sent.
             * @enum {string}
             */
            status: "queued" | "active" | "closed" | "abandoned" | "offline";
            /** @description The comment the visitor left with their rating; null when none. */
            survey_comments: string | null;
            /** @description The visitor’s rating of the chat, 1 (poor) to 5 (excellent); null when they gave none. The visitor rates a chat after it ended, so `chat.finished` (sent as it ends) carries null: the rating arrives as `conversation.surveyed`. */
            survey_score: number | null;
            /** @description IANA time zone of the location. */
            timezone: string | null;
            /** @description The whole conversation, oldest first. */
            transcripts: {
                /** @description Who wrote it, as shown in the chat (`Visitor` when the visitor gave no name). */
                alias: string;
                /**
                 * @description Who wrote it: the visitor, an agent, or Parley itself.
                 * @enum {string}
                 */
                author_type: "visitor" | "agent" | "system";
                /** @description When it was written (ISO 8601, UTC). */
                date: string;
                /** @description The same, in milliseconds since the Unix epoch. */
                date_milliseconds: number;
                /** @description The same, in seconds since the Unix epoch. */
                date_seconds: number;
                /** @description Message id. */
                id: string;
                /** @description The text. */
                message: string;
            }[];
            /**
             * @description `chat` for a live chat, `offline` for an offline request.
             * @enum {string}
             */
            type: "chat" | "offline";
            /** @description A link to the request in Parley’s API, when the server knows its public URL. */
            url: string | null;
            /** @description The visitor’s browser user agent. */
            user_agent: string | null;
            /** @description The widget it came through. */
            widget_id: string;
        };
        /** @description A widget a chat may be transferred to (`POST /api/v1/chats/{id}/transfer` with `widgetId`). */
        TransferWidget: {
            availability: components["schemas"]["WidgetAvailability"];
            name: string;
            widgetId: string;
        };
        /** @description Owners and admins, and each user about themselves, get the account state too (`lastLoginAt`, `locked`, `lockedUntil`, the password and invitation fields); agents and supervisors get only who a colleague is. */
        User: {
            accountId: string;
            /** Format: date-time */
            createdAt?: string;
            /** Format: email */
            email: string;
            id: string;
            /** @description Until when the invitation mailed to the user (to choose their password) can be taken; null once taken or expired, or when none was sent. Given by the users list and `GET /api/v1/users/{id}`. */
            invitationExpiresAt?: string | null;
            lastLoginAt?: string | null;
            locked?: boolean;
            /** @description While `locked`: when the lock ends by itself; null when it lasts until an owner or admin unlocks. Absent when not locked. */
            lockedUntil?: string | null;
            /** @description How many chats the user takes at once in every widget, overriding the widgets’ maximum; null: each widget’s. */
            maxConcurrentChats?: number | null;
            name: string;
            /** @description The password must be replaced at the next sign-in (older than the maximum age, or set before the requirements were raised). Given by the users list and `GET /api/v1/users/{id}`. */
            passwordExpired?: boolean;
            /** @description When the password expires by age; null when passwords do not age. */
            passwordExpiresAt?: string | null;
            /** @enum {string} */
            role: "owner" | "admin" | "supervisor" | "agent";
            /** @enum {string} */
            status: "active" | "deactivated";
            /** Format: date-time */
            updatedAt?: string;
            version: number;
        };
        /** @description A widget’s availability in the shape of the commercial service’s Visitor Chat API. */
        VisitorChat: {
            /** @description The visitor must give an e-mail: as the pre-chat form asks, and always for an offline request. */
            emailRequired: boolean;
            /** @description Always true: chats and offline requests start with the visitor’s message. */
            messageRequired: boolean;
            /**
             * @description Parley’s own word for it: see GET /api/v1/widgets/{id}/availability.
             * @enum {string}
             */
            mode: "available" | "busy" | "offline";
            /** @description The visitor must give a name (the pre-chat form’s setting). */
            nameRequired: boolean;
            /** @description The offline form is shown when nobody is online. */
            offlineFormEnabled: boolean;
            /** @description A chat can start now (it may wait in the queue); false: only an offline request can be left. */
            online: boolean;
            /** @description Always false: Parley has no screenshots. */
            screenshotRequired: boolean;
            widgetId: string;
        };
        /** @description Everything stored of one visitor (`POST /api/v1/chats/export-visitor`). */
        VisitorExport: {
            /** @description Their chats and offline requests, queued and open ones too, oldest first; transcripts without the team’s notes. */
            chats: (components["schemas"]["LogsCase"] & {
                /** @description The pages of the site the visitor opened during the chat, oldest first, after the one it began on (`page_url`). */
                pages_viewed: {
                    /** Format: date-time */
                    date: string;
                    url: string;
                }[];
            })[];
            /** @description The e-mail address asked for, in lower case; null when only a browser key was given. */
            email: string | null;
            /** Format: date-time */
            exportedAt: string;
            /** @description The browser key asked for; null when only an e-mail address was given. */
            visitorKey: string | null;
        };
        Widget: {
            accountId: string;
            agentIds: string[];
            /** Format: date-time */
            createdAt?: string;
            id: string;
            name: string;
            settings: {
                /** @description The sites that may embed the widget: exact origins, stored normalised (lower case, no default port, no trailing slash). Empty: any site. Pages of other sites cannot frame it, and their requests to the visitor routes get 403 `origin_not_allowed`. */
                allowedOrigins?: string[];
                appearance?: components["schemas"]["WidgetAppearance"];
                /** @description Visitors the widget takes nothing from: IP addresses, wildcards or CIDR ranges (as access rules). A matching visitor starting a chat or leaving an offline request gets 403 `visitor_blocked`. Agents add their chat’s visitor with `POST /api/v1/chats/{id}/block-visitor`. */
                blockedVisitors?: string[];
                /** @description Outside these hours the widget is offline (availability and chat start), across daylight-saving changes. Null: always open. */
                businessHours?: {
                    /** @description Per weekday (`mon` … `sun`) up to 8 intervals that do not overlap, in the zone’s wall-clock time; a missing day is closed. */
                    days: {
                        [key: string]: {
                            /** @description Opening time, inclusive. */
                            from: string;
                            /** @description Closing time, exclusive; `24:00` for midnight. */
                            to: string;
                        }[];
                    };
                    /** @description Closed local dates (YYYY-MM-DD). */
                    holidays: string[];
                    /** @description IANA time zone (`Europe/Berlin`), stored under its canonical name. */
                    timezone: string;
                } | null;
                /** @description An open chat with no activity (message, note, label, page view, the visitor leaving or returning) for this many minutes closes by itself, as the system (`chat.closed` with `inactiveMinutes`), so its agent’s place goes to the queue. Null: never. */
                closeInactiveAfterMinutes?: number | null;
                greeting?: string;
                language?: string;
                /** @description Each agent’s maximum of open chats, unless the agent has their own. */
                maxConcurrentChats?: number;
                /** @description How many chats may wait; when that many wait and nobody can take one, a new request becomes an offline request (or 503 when the offline form is off) and the availability says `queueFull`. Null: unbounded. */
                maxQueueSize?: number | null;
                /** @description Who gets each offline request by e-mail, Reply-To the visitor, so the team answers from their own mail client. */
                notifyEmails?: string[];
                offlineForm?: {
                    alwaysOffline?: boolean;
                    enabled?: boolean;
                };
                preChat?: {
                    /** @enum {string} */
                    askEmail?: "off" | "optional" | "required";
                    /** @enum {string} */
                    askName?: "off" | "optional" | "required";
                };
                /** @description Invitations the widget shows by itself: of those that apply, the one whose delay ends first (the earlier rule on a tie). In a patch, the rules replace the old ones whole, and left-out fields take their defaults (0 seconds, 0 pages, no patterns, only when agents are online). */
                proactiveRules?: components["schemas"]["ProactiveRule"][];
                /** @description Agents cannot close a chat without a label (409 `label_required`); visitors and the system still can. */
                requireLabelToClose?: boolean;
                /** @description Whether `notifyEmails` also get the transcript of every chat that ends. */
                transcriptToTeam?: boolean;
            };
            /** Format: date-time */
            updatedAt?: string;
            version: number;
        };
        WidgetAppearance: {
            /** @description The accent colour, #rrggbb. */
            color: string;
            /** @description The chat button’s text. */
            launcherText: string;
            /**
             * @description The side of the page the chat button sits on.
             * @enum {string}
             */
            position: "right" | "left";
        };
        WidgetAvailability: {
            /** @description An agent can take a chat right now. */
            available: boolean;
            /**
             * @description `offline`: show the offline form.
             * @enum {string}
             */
            mode: "available" | "busy" | "offline";
            /** @description The widget is outside its business hours: `mode` is `offline`. */
            outsideBusinessHours?: boolean;
            queued: number;
            /** @description The queue holds `maxQueueSize` chats and nobody can take another: `mode` is `offline`. */
            queueFull?: boolean;
            widgetId: string;
        };
        /** @description What the visitor widget needs to show itself; nothing secret. */
        WidgetConfig: {
            appearance: components["schemas"]["WidgetAppearance"];
            availability: components["schemas"]["WidgetAvailability"];
            greeting: string;
            id: string;
            /** @description BCP 47 language tag of the widget’s texts. */
            language: string;
            name: string;
            offlineForm: {
                alwaysOffline: boolean;
                enabled: boolean;
            };
            preChat: {
                /** @enum {string} */
                askEmail: "off" | "optional" | "required";
                /** @enum {string} */
                askName: "off" | "optional" | "required";
            };
            proactiveRules: components["schemas"]["ProactiveRule"][];
            /** @description Whether the server mails a transcript the visitor asks for (POST /api/v1/chats/{id}/transcript): false when the server sends no e-mail, and the widget then does not offer one. */
            transcriptByMail: boolean;
            /** @description The widget blocks the address this request came from (`blockedVisitors`): the widget shows nothing, as a chat started from there is refused with `visitor_blocked`. */
            visitorBlocked: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
