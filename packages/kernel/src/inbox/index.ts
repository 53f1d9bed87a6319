export {
  listInbox,
  inboxSummary,
  actionableCondition,
  type InboxItem,
  type InboxPage,
  type InboxQuery,
  type InboxOptions,
  type InboxStatus,
  type InboxSummary,
} from './inbox.service';
export { inboxRoutes } from './inbox.routes';
