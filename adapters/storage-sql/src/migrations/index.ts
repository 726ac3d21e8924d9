import type { Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { initial } from './0001-initial.js';
import { security } from './0002-security.js';
import { chat } from './0003-chat.js';
import { integrations } from './0004-integrations.js';
import { monitor } from './0005-monitor.js';
import { installationLocks } from './0006-installation-locks.js';
import { clientMessageIds } from './0007-client-message-ids.js';
import { perAccountEmail } from './0008-per-account-email.js';
import { mail } from './0009-mail.js';
import { consoleTables } from './0010-console.js';
import { chatSearch } from './0011-chat-search.js';
import { queueControls } from './0012-queue-controls.js';
import { chatSurvey } from './0013-chat-survey.js';
import { proactiveChats } from './0014-proactive-chats.js';
import { apiTokens } from './0015-api-tokens.js';
import { offlineHandled } from './0016-offline-handled.js';
import { apiTokenScopes } from './0017-api-token-scopes.js';
import { chatSearchKeys } from './0018-chat-search-keys.js';
import { chatReports } from './0019-chat-reports.js';
import { chatReportDays } from './0020-chat-report-days.js';
import { chatSearchWords } from './0021-chat-search-words.js';
import { chatSearchPending } from './0022-chat-search-pending.js';
import { chatSearchMergeSteps } from './0023-chat-search-merge-steps.js';
import { chatReportRatings } from './0024-chat-report-ratings.js';
import { chatVisitorKeys } from './0025-chat-visitor-keys.js';
import { chatListIndexes } from './0026-chat-list-indexes.js';
import { chatStartedIndex } from './0027-chat-started-index.js';
import { chatLabels } from './0028-chat-labels.js';

/**
 * Every migration, by name; applied in name order. Shared by both dialects: a migration receives the
 * dialect's traits and branches on them only where the SQL cannot be the same.
 */
export const migrations = (traits: DialectTraits): Record<string, Migration> => ({
  '0001-initial': initial(traits),
  '0002-security': security(traits),
  '0003-chat': chat(traits),
  '0004-integrations': integrations(traits),
  '0005-monitor': monitor(traits),
  '0006-installation-locks': installationLocks(traits),
  '0007-client-message-ids': clientMessageIds(traits),
  '0008-per-account-email': perAccountEmail(traits),
  '0009-mail': mail(traits),
  '0010-console': consoleTables(traits),
  '0011-chat-search': chatSearch(traits),
  '0012-queue-controls': queueControls(traits),
  '0013-chat-survey': chatSurvey(traits),
  '0014-proactive-chats': proactiveChats(traits),
  '0015-api-tokens': apiTokens(traits),
  '0016-offline-handled': offlineHandled(traits),
  '0017-api-token-scopes': apiTokenScopes(),
  '0018-chat-search-keys': chatSearchKeys(traits),
  '0019-chat-reports': chatReports(traits),
  '0020-chat-report-days': chatReportDays(traits),
  '0021-chat-search-words': chatSearchWords(traits),
  '0022-chat-search-pending': chatSearchPending(traits),
  '0023-chat-search-merge-steps': chatSearchMergeSteps(traits),
  '0024-chat-report-ratings': chatReportRatings(traits),
  '0025-chat-visitor-keys': chatVisitorKeys(traits),
  '0026-chat-list-indexes': chatListIndexes(traits),
  '0027-chat-started-index': chatStartedIndex(traits),
  '0028-chat-labels': chatLabels(traits),
});
