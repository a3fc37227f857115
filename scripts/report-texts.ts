/**
 * Human titles and one-line descriptions of every usage report, keyed by Graph function name.
 * Input of `generate-catalog.ts` only: the generated catalog carries these texts at run time.
 */
export const REPORT_TEXTS: Record<string, readonly [title: string, description: string]> = {
  getEmailActivityCounts: [
    "Email activity (counts)",
    "Emails sent, received and read, and meetings created or interacted with, per day.",
  ],
  getEmailActivityUserCounts: [
    "Email activity (users)",
    "Number of users who sent, received or read email, per day.",
  ],
  getEmailActivityUserDetail: [
    "Email activity by user",
    "Per user: emails sent, received and read, meetings created and interacted with.",
  ],
  getEmailAppUsageAppsUserCounts: [
    "Email apps used (users per app)",
    "Number of users per email app (Outlook for Windows, Mac, mobile, web, POP3, IMAP4, SMTP) over the period.",
  ],
  getEmailAppUsageUserCounts: ["Email apps used (users per day)", "Number of users per email app, per day."],
  getEmailAppUsageUserDetail: [
    "Email apps used by user",
    "Per user: which email apps they used to connect to Exchange Online.",
  ],
  getEmailAppUsageVersionsUserCounts: [
    "Outlook versions in use",
    "Number of users per Outlook version (M365, 2019, 2016, 2013 …).",
  ],
  getM365AppPlatformUserCounts: [
    "Microsoft 365 Apps by platform",
    "Number of users of the Microsoft 365 Apps per platform (Windows, Mac, mobile, web), per day.",
  ],
  getM365AppUserCounts: [
    "Microsoft 365 Apps by app",
    "Number of users of Outlook, Word, Excel, PowerPoint, OneNote and Teams, per day.",
  ],
  getM365AppUserDetail: [
    "Microsoft 365 Apps by user",
    "Per user: which Microsoft 365 apps they used, on which platforms.",
  ],
  getMailboxUsageDetail: [
    "Mailbox usage by mailbox",
    "Per mailbox: items, storage used, quotas, deleted items and archive.",
  ],
  getMailboxUsageMailboxCounts: ["Mailboxes (total and active)", "Total and active mailboxes, per day."],
  getMailboxUsageQuotaStatusMailboxCounts: [
    "Mailbox quota status",
    "Mailboxes under limit, warned, send-prohibited and send/receive-prohibited, per day.",
  ],
  getMailboxUsageStorage: ["Mailbox storage used", "Storage used by all mailboxes, per day."],
  getOffice365ActivationCounts: [
    "Activations by device",
    "Microsoft 365 activations per product and device type (Windows, Mac, Android, iOS).",
  ],
  getOffice365ActivationsUserCounts: [
    "Activations (assigned vs activated)",
    "Per product: users assigned, users who activated, and shared-computer activations.",
  ],
  getOffice365ActivationsUserDetail: [
    "Activations by user",
    "Per user and product: last activation date and activations per device type.",
  ],
  getOffice365ActiveUserCounts: [
    "Active users by service (per day)",
    "Daily active users of Microsoft 365 and of each service (Exchange, OneDrive, SharePoint, Teams …).",
  ],
  getOffice365ActiveUserDetail: [
    "Services used by user",
    "Per user: licenses held, license assignment dates and last activity date per service.",
  ],
  getOffice365GroupsActivityCounts: [
    "Group activity (counts)",
    "Emails received and Viva Engage messages posted, read and liked in Microsoft 365 groups, per day.",
  ],
  getOffice365GroupsActivityDetail: [
    "Group activity by group",
    "Per Microsoft 365 group: members, guests, mailbox and site activity and storage.",
  ],
  getOffice365GroupsActivityFileCounts: [
    "Group files (total and active)",
    "Total and active files in Microsoft 365 group sites, per day.",
  ],
  getOffice365GroupsActivityGroupCounts: [
    "Groups (total and active)",
    "Total and active Microsoft 365 groups, per day.",
  ],
  getOffice365GroupsActivityStorage: [
    "Group storage used",
    "Mailbox and site storage used by Microsoft 365 groups, per day.",
  ],
  getOffice365ServicesUserCounts: [
    "Active and inactive users by service",
    "Active and inactive users of Microsoft 365 and each service over the period.",
  ],
  getOneDriveActivityFileCounts: [
    "OneDrive activity (files)",
    "Files viewed or edited, synced, and shared internally or externally in OneDrive, per day.",
  ],
  getOneDriveActivityUserCounts: [
    "OneDrive activity (users)",
    "Users who viewed or edited, synced or shared OneDrive files, per day.",
  ],
  getOneDriveActivityUserDetail: [
    "OneDrive activity by user",
    "Per user: OneDrive files viewed or edited, synced and shared.",
  ],
  getOneDriveUsageAccountCounts: [
    "OneDrive accounts (total and active)",
    "Total and active OneDrive accounts, per day.",
  ],
  getOneDriveUsageAccountDetail: [
    "OneDrive usage by account",
    "Per OneDrive: owner, files, active files, storage used and allocated.",
  ],
  getOneDriveUsageFileCounts: [
    "OneDrive files (total and active)",
    "Total and active files across OneDrive accounts, per day.",
  ],
  getOneDriveUsageStorage: ["OneDrive storage used", "Storage used across OneDrive accounts, per day."],
  getSharePointActivityFileCounts: [
    "SharePoint activity (files)",
    "Files viewed or edited, synced, and shared internally or externally in SharePoint, per day.",
  ],
  getSharePointActivityPages: ["SharePoint pages visited", "Unique pages visited in SharePoint, per day."],
  getSharePointActivityUserCounts: [
    "SharePoint activity (users)",
    "Users who visited pages, viewed or edited, synced or shared SharePoint files, per day.",
  ],
  getSharePointActivityUserDetail: [
    "SharePoint activity by user",
    "Per user: SharePoint files viewed or edited, synced and shared, and pages visited.",
  ],
  getSharePointSiteUsageDetail: [
    "SharePoint site usage by site",
    "Per site: owner, files, page views, storage used and allocated, template.",
  ],
  getSharePointSiteUsageFileCounts: [
    "SharePoint files (total and active)",
    "Total and active files across SharePoint sites, per day.",
  ],
  getSharePointSiteUsagePages: ["SharePoint page views", "Page views across SharePoint sites, per day."],
  getSharePointSiteUsageSiteCounts: [
    "SharePoint sites (total and active)",
    "Total and active SharePoint sites, per day.",
  ],
  getSharePointSiteUsageStorage: [
    "SharePoint storage used",
    "Storage used across SharePoint sites, per day.",
  ],
  getSkypeForBusinessActivityCounts: [
    "Skype for Business activity (counts)",
    "Peer-to-peer, organized and participated Skype for Business sessions, per day.",
  ],
  getSkypeForBusinessActivityUserCounts: [
    "Skype for Business activity (users)",
    "Users of peer-to-peer, organized and participated Skype for Business sessions, per day.",
  ],
  getSkypeForBusinessActivityUserDetail: [
    "Skype for Business activity by user",
    "Per user: Skype for Business sessions, conferences and minutes by kind.",
  ],
  getSkypeForBusinessDeviceUsageDistributionUserCounts: [
    "Skype for Business devices (distribution)",
    "Users per device type (Windows, phones, iPad) over the period.",
  ],
  getSkypeForBusinessDeviceUsageUserCounts: [
    "Skype for Business devices (per day)",
    "Users per device type, per day.",
  ],
  getSkypeForBusinessDeviceUsageUserDetail: [
    "Skype for Business devices by user",
    "Per user: which device types they used Skype for Business on.",
  ],
  getSkypeForBusinessOrganizerActivityCounts: [
    "Skype for Business conferences organized (counts)",
    "Conferences organized, by kind (IM, audio/video, app sharing, web, dial-in/out), per day.",
  ],
  getSkypeForBusinessOrganizerActivityMinuteCounts: [
    "Skype for Business conferences organized (minutes)",
    "Minutes of audio/video and dial-in/out conferences organized, per day.",
  ],
  getSkypeForBusinessOrganizerActivityUserCounts: [
    "Skype for Business conference organizers (users)",
    "Users who organized conferences, by kind, per day.",
  ],
  getSkypeForBusinessParticipantActivityCounts: [
    "Skype for Business conferences joined (counts)",
    "Conferences participated in, by kind, per day.",
  ],
  getSkypeForBusinessParticipantActivityMinuteCounts: [
    "Skype for Business conferences joined (minutes)",
    "Minutes of audio/video conferences participated in, per day.",
  ],
  getSkypeForBusinessParticipantActivityUserCounts: [
    "Skype for Business conference participants (users)",
    "Users who participated in conferences, by kind, per day.",
  ],
  getSkypeForBusinessPeerToPeerActivityCounts: [
    "Skype for Business peer-to-peer (counts)",
    "Peer-to-peer sessions by kind (IM, audio, video, app sharing, file transfer), per day.",
  ],
  getSkypeForBusinessPeerToPeerActivityMinuteCounts: [
    "Skype for Business peer-to-peer (minutes)",
    "Minutes of peer-to-peer audio and video sessions, per day.",
  ],
  getSkypeForBusinessPeerToPeerActivityUserCounts: [
    "Skype for Business peer-to-peer (users)",
    "Users of peer-to-peer sessions by kind, per day.",
  ],
  getTeamsDeviceUsageDistributionUserCounts: [
    "Teams devices (distribution)",
    "Teams users per device type (web, Windows, Mac, mobile, Linux, Chrome OS) over the period.",
  ],
  getTeamsDeviceUsageUserCounts: ["Teams devices (per day)", "Teams users per device type, per day."],
  getTeamsDeviceUsageUserDetail: [
    "Teams devices by user",
    "Per user: which device types they used Teams on, and whether they are licensed.",
  ],
  getTeamsTeamActivityCounts: [
    "Team activity (counts)",
    "Active users, channels, guests, messages, reactions and meetings across teams, per day.",
  ],
  getTeamsTeamActivityDetail: [
    "Team activity by team",
    "Per team: active users and channels, guests, messages, reactions, meetings, mentions.",
  ],
  getTeamsTeamActivityDistributionCounts: [
    "Team activity (distribution)",
    "Team activity totals by activity type over the period.",
  ],
  getTeamsTeamCounts: ["Teams (public and private)", "Public and private teams, total and active, per day."],
  getTeamsUserActivityCounts: [
    "Teams user activity (counts)",
    "Chat and channel messages, calls, meetings and audio, video and screen-share time, per day.",
  ],
  getTeamsUserActivityUserCounts: [
    "Teams user activity (users)",
    "Users who chatted, called, met or did other Teams activity, per day.",
  ],
  getTeamsUserActivityUserDetail: [
    "Teams user activity by user",
    "Per user: messages, calls, meetings organized and attended, audio/video/screen-share time.",
  ],
  getYammerActivityCounts: [
    "Viva Engage activity (counts)",
    "Viva Engage messages liked, posted and read, per day.",
  ],
  getYammerActivityUserCounts: [
    "Viva Engage activity (users)",
    "Users who liked, posted or read Viva Engage messages, per day.",
  ],
  getYammerActivityUserDetail: [
    "Viva Engage activity by user",
    "Per user: Viva Engage messages posted, read and liked, and user state.",
  ],
  getYammerDeviceUsageDistributionUserCounts: [
    "Viva Engage devices (distribution)",
    "Viva Engage users per device type over the period.",
  ],
  getYammerDeviceUsageUserCounts: [
    "Viva Engage devices (per day)",
    "Viva Engage users per device type, per day.",
  ],
  getYammerDeviceUsageUserDetail: [
    "Viva Engage devices by user",
    "Per user: which device types they used Viva Engage on.",
  ],
  getYammerGroupsActivityCounts: [
    "Viva Engage community activity (counts)",
    "Messages liked, posted and read in Viva Engage communities, per day.",
  ],
  getYammerGroupsActivityDetail: [
    "Viva Engage community activity by community",
    "Per community: owner, members, messages posted, read and liked.",
  ],
  getYammerGroupsActivityGroupCounts: [
    "Viva Engage communities (total and active)",
    "Total and active Viva Engage communities, per day.",
  ],
  getTeamsDeviceUsageTotalUserCounts: [
    "Teams devices, incl. unlicensed (per day)",
    "Teams users per device type, licensed or not, per day.",
  ],
  getTeamsDeviceUsageDistributionTotalUserCounts: [
    "Teams devices, incl. unlicensed (distribution)",
    "Teams users per device type, licensed or not, over the period.",
  ],
  getTeamsUserActivityTotalCounts: [
    "Teams user activity, incl. unlicensed (counts)",
    "Teams activity of licensed and unlicensed users, per day.",
  ],
  getTeamsUserActivityTotalUserCounts: [
    "Teams user activity, incl. unlicensed (users)",
    "Licensed and unlicensed users active in Teams, per day.",
  ],
  getTeamsUserActivityDistributionUserCounts: [
    "Teams user activity (distribution)",
    "Teams users by activity type over the period.",
  ],
  getTeamsUserActivityDistributionTotalUserCounts: [
    "Teams user activity, incl. unlicensed (distribution)",
    "Licensed and unlicensed Teams users by activity type over the period.",
  ],
  getTeamsUserActivityTotalDistributionCounts: [
    "Teams activity totals, incl. unlicensed (distribution)",
    "Teams activity of licensed and unlicensed users by type over the period.",
  ],
  getBrowserUserDetail: [
    "Microsoft Edge usage by user",
    "Per user: whether they used Edge, Edge Legacy or Internet Explorer.",
  ],
  getBrowserUserCounts: [
    "Microsoft Edge usage (per day)",
    "Users of Edge, Edge Legacy and Internet Explorer, per day.",
  ],
  getBrowserDistributionUserCounts: [
    "Microsoft Edge usage (distribution)",
    "Users of Edge, Edge Legacy and Internet Explorer over the period.",
  ],
  getMicrosoft365CopilotUsageUserDetail: [
    "Microsoft 365 Copilot usage by user",
    "Per user: last Copilot activity in each app; v2 adds prompts submitted and active days. Only Copilot-licensed users appear: unlicensed Copilot Chat usage is not in Graph.",
  ],
  getMicrosoft365CopilotUserCountSummary: [
    "Microsoft 365 Copilot users (summary)",
    "Users enabled for and active in Copilot per app over the period; v2 adds Edge, Copilot Chat (work/web) and prompt totals. Only Copilot-licensed users count: unlicensed Copilot Chat usage is not in Graph.",
  ],
  getMicrosoft365CopilotUserCountTrend: [
    "Microsoft 365 Copilot users (per day)",
    "Users enabled for and active in Copilot per app, per day; v2 adds Edge, Copilot Chat (work/web) and prompts. Only Copilot-licensed users count: unlicensed Copilot Chat usage is not in Graph.",
  ],
  getFormsUserActivityUserDetail: ["Forms activity by user", "Per user: forms created and responded to."],
};
