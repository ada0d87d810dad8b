// Entry point of the pulumi-resource-secure-api plugin: serves the provider
// over gRPC and prints its port, as the engine expects.
import { main } from "@pulumi/pulumi/provider";
import { Provider } from "./provider";

main(new Provider(), process.argv.slice(2)).catch(err => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
