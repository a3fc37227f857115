/**
 * Webpack plugin of the production build: writes dist/staticwebapp.config.json (Azure Static Web Apps)
 * with the pages' security headers, derived from what the build emits — config.json as shipped (relay
 * and authority origins; RELAY_ORIGINS, AUTHORITY_ORIGINS and ADDIN_FRAME_ANCESTORS from the environment), the hashes of
 * the pages' inline `<style>` blocks, and the content-hashed files to cache for good. A page holding
 * inline code the policy would refuse fails the build.
 */
import type { Compiler } from "webpack";
import { policyInputsFromConfig } from "../src/hosting/policy-inputs";
import { inlineCodeProblems, inlineStyles, securityHeaders } from "../src/hosting/security-headers";
import { staticWebAppConfig } from "../src/hosting/static-web-app-config";

const NAME = "StaticWebAppConfigPlugin";
export const CONFIG_FILE = "staticwebapp.config.json";

type Env = Readonly<Record<string, string | undefined>>;

export class StaticWebAppConfigPlugin {
  constructor(private readonly env: Env = process.env) {}

  apply(compiler: Compiler): void {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      // After the pages (HtmlWebpackPlugin) and the copied files (config.json) are emitted.
      compilation.hooks.processAssets.tap(
        { name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const text = (name: string) => compilation.getAsset(name)!.source.source().toString();
          const pages = compilation
            .getAssets()
            .filter((asset) => asset.name.endsWith(".html"))
            .map((asset) => ({ name: asset.name, html: text(asset.name) }));
          for (const page of pages) {
            for (const problem of inlineCodeProblems(page.html)) {
              compilation.errors.push(
                new WebpackError(
                  `${page.name} holds ${problem}, which the pages' Content-Security-Policy refuses.`,
                ),
              );
            }
          }
          let headers: Readonly<Record<string, string>>;
          try {
            if (!compilation.getAsset("config.json")) throw new Error("the build emits no config.json.");
            headers = securityHeaders({
              ...policyInputsFromConfig(text("config.json"), this.env),
              inlineStyles: pages.flatMap((page) => inlineStyles(page.html)),
            });
          } catch (error) {
            compilation.errors.push(new WebpackError(`${CONFIG_FILE}: ${(error as Error).message}`));
            return;
          }
          const config = staticWebAppConfig({
            headers,
            immutableAssets: compilation
              .getAssets()
              .filter((asset) => asset.info.immutable)
              .map((asset) => asset.name),
          });
          compilation.emitAsset(CONFIG_FILE, new sources.RawSource(JSON.stringify(config, null, 2) + "\n"));
        },
      );
    });
  }
}
