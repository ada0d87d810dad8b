// Entry point of the pulumi-resource-secure-api plugin: serves the provider
// over gRPC and prints its port, as the engine expects.
import "./plugin/lazyPulumiModules"; // first: before anything loads @pulumi/pulumi
import { main } from "@pulumi/pulumi/provider";
import { Provider } from "./plugin/provider";
import { skipPluginStackTraces } from "./plugin/pluginStacks";
import { quietRuntimeDebug } from "./plugin/pluginDebugLog";
import { watchEngine } from "./plugin/engineWatch";
import { readPackageFile } from "./plugin/packageFiles";

const defaultPrepareStackTrace = Error.prepareStackTrace;
const args = process.argv.slice(2);
if (args[0] === "--version") {
    // Which plugin, and which Node.js runs it: the single executable embeds its own (scripts/plugin-binary.js).
    process.stdout.write(
        `pulumi-resource-secure-api ${JSON.parse(readPackageFile("package.json")).version} (Node.js ${process.version})\n`,
    );
    process.exit(0);
}
main(new Provider(), args).catch(err => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
// main() has just installed source-map-support, which maps every stack trace
// through the source maps of every frame. Pulumi takes a stack trace for every
// resource it registers and every promise it tracks, and nobody reads the
// plugin's: mapped, they took about half its CPU time and a third of its
// memory under the real engine (bench: engine). Unmapped, as in a program.
Error.prepareStackTrace = defaultPrepareStackTrace;
// Set before the first request: the server only starts listening inside main().
skipPluginStackTraces();
quietRuntimeDebug(args);
// Exit once the engine that started the plugin is gone (plugin/engineWatch.ts), as Pulumi's own plugins do.
watchEngine(args);
