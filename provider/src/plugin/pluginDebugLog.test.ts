// When the plugin sends the runtime's debug messages (pluginDebugLog.ts). The
// real-engine suite checks the events of a preview.
import * as pulumi from "@pulumi/pulumi";
import { quietRuntimeDebug, verboseLogging } from "./pluginDebugLog";

test("verbose logging is what the engine passes with --logflow -v=N", () => {
    expect(verboseLogging(["127.0.0.1:4321"])).toBe(false);
    expect(verboseLogging([])).toBe(false);
    expect(verboseLogging(["-v=0", "127.0.0.1:4321"])).toBe(false);
    expect(verboseLogging(["--logtostderr", "-v=9", "127.0.0.1:4321"])).toBe(true);
    expect(verboseLogging(["-v=11", "--tracing", "x", "127.0.0.1:4321"])).toBe(true);
    expect(verboseLogging(["-verbose=9"])).toBe(false);
});

test("without it, debug messages go nowhere; info and warnings still go; undone on request", async () => {
    const { debug, info, warn } = pulumi.log;
    const undo = quietRuntimeDebug(["127.0.0.1:4321"]);
    try {
        expect(pulumi.log.debug).not.toBe(debug);
        // The module object the runtime itself calls (runtime/resource.js: log.debug).

        expect(require("@pulumi/pulumi/log").debug).toBe(pulumi.log.debug);
        await expect(pulumi.log.debug("Registering resource: t=x")).resolves.toBeUndefined();
        expect(pulumi.log.info).toBe(info);
        expect(pulumi.log.warn).toBe(warn);
    } finally {
        undo();
    }
    expect(pulumi.log.debug).toBe(debug);
});

test("with it, nothing changes", () => {
    const { debug } = pulumi.log;
    const undo = quietRuntimeDebug(["-v=9", "127.0.0.1:4321"]);
    expect(pulumi.log.debug).toBe(debug);
    undo();
});
