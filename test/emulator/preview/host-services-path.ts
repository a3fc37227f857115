/** Where the preview host page's server side answers (host-services.ts), on the host's own site. */
export const HOST_SERVICES_PATH = "/preview/host/office";
