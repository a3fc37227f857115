/** Types for scripts/dev-certs.js (CommonJS so webpack.config.js can require it). */
export interface HttpsOptions {
  key: string | Buffer;
  cert: string | Buffer;
  ca?: string | Buffer;
}

export interface HttpsOptionsResult {
  source: "office-addin-dev-certs" | "selfsigned";
  options: HttpsOptions;
  /** path of the self-signed certificate (only for source "selfsigned") */
  certPath?: string;
}

export interface GetHttpsOptionsParams {
  certDir?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  now?: Date;
  loadOfficeDevCerts?: () => { getHttpsServerOptions(): Promise<HttpsOptions> };
  log?: (message: string) => void;
}

export const DEFAULT_CERT_DIR: string;
export const CERT_FILE: string;
export const KEY_FILE: string;
export function shouldTryOfficeDevCerts(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv): boolean;
export function readCachedCertificate(certDir: string, now?: Date): { cert: string; key: string } | undefined;
export function getSelfSignedOptions(
  certDir?: string,
  now?: Date,
): Promise<{ options: { cert: string; key: string }; generated: boolean }>;
export function getHttpsOptions(params?: GetHttpsOptionsParams): Promise<HttpsOptionsResult>;
