/**
 * Conditional report requests: the reports whose v1.0 reference page documents the request header
 * `If-None-Match` ("If this request header is included and the eTag provided matches the current tag on
 * the file, a `304 Not Modified` response code is returned"), and the syntax of entity tags (RFC 9110
 * §8.8.3), which the relay checks before passing a validator either way.
 *
 * Checked page by page for every v1.0 per-row detail report (microsoftgraph/microsoft-graph-docs-contrib,
 * api-reference/v1.0/api/reportroot-*.md): the pages of the Teams user activity, Teams device usage, Teams
 * team activity and Microsoft 365 Apps detail reports list Authorization only. Count and trend reports
 * are a few KB, so a 304 saves next to nothing; they are left out, whatever their pages say.
 */

const CONDITIONAL_REPORTS: ReadonlySet<string> = new Set(
  [
    "getEmailActivityUserDetail",
    "getEmailAppUsageUserDetail",
    "getMailboxUsageDetail",
    "getOffice365ActivationsUserDetail",
    "getOffice365ActiveUserDetail",
    "getOffice365GroupsActivityDetail",
    "getOneDriveActivityUserDetail",
    "getOneDriveUsageAccountDetail",
    "getSharePointActivityUserDetail",
    "getSharePointSiteUsageDetail",
    "getSkypeForBusinessActivityUserDetail",
    "getSkypeForBusinessDeviceUsageUserDetail",
    "getYammerActivityUserDetail",
    "getYammerDeviceUsageUserDetail",
    "getYammerGroupsActivityDetail",
  ].map((name) => name.toLowerCase()),
);

/** Graph documents `If-None-Match` → `304 Not Modified` for this report (a function name, any case). */
export function supportsConditionalRequests(report: string): boolean {
  return CONDITIONAL_REPORTS.has(report.toLowerCase());
}

/** Longest validator passed either way: Graph's are short; anything longer is no entity tag of theirs. */
export const MAX_ENTITY_TAG_LENGTH = 256;

/** `"…"` or `W/"…"`: etagc is %x21 / %x23-7E / obs-text (kept to ASCII here). */
const TAG = String.raw`(?:W/)?"[\x21\x23-\x7E]*"`;
const ENTITY_TAG = new RegExp(`^${TAG}$`);
const ENTITY_TAG_LIST = new RegExp(`^${TAG}(?:[ \t]*,[ \t]*${TAG})*$`);
const EACH_TAG = new RegExp(TAG, "g");

/** One entity tag, as an `ETag` header carries it. */
export function isEntityTag(value: string): boolean {
  return value.length <= MAX_ENTITY_TAG_LENGTH && ENTITY_TAG.test(value);
}

/** An `If-None-Match` value: `*`, or entity tags separated by commas. */
export function isEntityTagList(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === "*") return true;
  return (
    trimmed.length <= 4 * MAX_ENTITY_TAG_LENGTH &&
    ENTITY_TAG_LIST.test(trimmed) &&
    [...trimmed.matchAll(EACH_TAG)].every(([tag]) => tag.length <= MAX_ENTITY_TAG_LENGTH)
  );
}
