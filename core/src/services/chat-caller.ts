import { ParleyError } from '../errors.js';
import type { Id } from '../model/types.js';
import type { Principal, RequestMeta, VisitorIdentity, VisitorPrincipal } from '../runtime/context.js';
import type { AuthService } from './auth-service.js';
import type { ChatService } from './chat-service.js';

/** Who is calling a chat route: the visitor of that chat, or a signed-in user. */
export type ChatCaller<V extends VisitorIdentity = VisitorPrincipal> =
  | { readonly kind: 'visitor'; readonly visitor: V }
  | { readonly kind: 'user'; readonly user: Principal };

/** What a request to a chat route carries to say who sends it. */
export interface ChatCallerRequest {
  readonly chatId: Id;
  /** A bearer token: the chat's visitor token, else a user's session token. */
  readonly bearer?: string | null;
  /** A session token that can only be a user's (a session cookie); looked at only without `bearer`. */
  readonly session?: string | null;
  readonly meta: RequestMeta;
  /** A visitor as their identity only ({@link ChatService.identifyVisitor}), for callers that read the chat themselves. */
  readonly identityOnly?: boolean;
}

/** Resolves the caller of a chat route; `unauthenticated` when neither token is the chat's visitor's nor a user's session. */
export interface ChatCallerResolver {
  (request: ChatCallerRequest & { readonly identityOnly: true }): Promise<ChatCaller<VisitorIdentity>>;
  (request: ChatCallerRequest): Promise<ChatCaller<VisitorPrincipal>>;
}

export const chatCallerResolver =
  (chats: ChatService, auth: AuthService): ChatCallerResolver =>
  async (request: ChatCallerRequest): Promise<ChatCaller<VisitorPrincipal>> => {
    const { chatId, bearer, session, meta } = request;
    if (bearer) {
      const visitor = await chats.findVisitor(chatId, bearer, !request.identityOnly);
      if (visitor) return { kind: 'visitor', visitor: visitor as VisitorPrincipal };
    }
    const token = bearer || session;
    const user = token ? await auth.authenticate(token, meta) : null;
    if (user) return { kind: 'user', user };
    throw new ParleyError('unauthenticated', 'Send the visitor token of this chat, or sign in.');
  };
