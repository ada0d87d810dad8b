import * as pulumi from "@pulumi/pulumi";
import { InFlight, isEngineStopped, settledState } from "./engineStop";

// An Output whose value failed. (A real Output built on a rejected promise also
// rejects its isKnown/isSecret promises, which nobody awaits here; only the
// value promise matters to settledState.)
const rejected = (message: string) => ({ __pulumiOutput: true, promise: () => Promise.reject(new Error(message)) });

describe("isEngineStopped", () => {
    test.each([
        ["grpc: the client connection is closing", true],
        ["failed to register new resource api: 2 UNKNOWN: resource monitor shut down", true],
        ["Resource monitor is terminating", true],
        // A key-flow failure against an unreachable endpoint is a real error, never hidden.
        ["Cannot read the API key SSM parameter: connect ECONNREFUSED 127.0.0.1:5999", false],
        ['SecureRestApi "api": routes[0].path "/a//b" is invalid', false],
    ])("%s -> %s", (message, stopped) => {
        expect(isEngineStopped(new Error(message))).toBe(stopped);
    });
});

describe("settledState", () => {
    test("keeps every output when all resolve", async () => {
        const state = { a: pulumi.output("x"), b: 3 };
        expect(await settledState(state)).toEqual(state);
    });

    test("leaves out outputs that failed only because the engine stopped", async () => {
        const ok = pulumi.output("x");
        const out = await settledState({
            ok,
            policy: rejected("invocation of getCallerIdentity returned an error: grpc: the client connection is closing"),
        });
        expect(Object.keys(out)).toEqual(["ok"]);
        expect(out.ok).toBe(ok);
    });

    test("throws any other failure as it is", async () => {
        await expect(settledState({ a: rejected("grpc: the client connection is closing"), b: rejected("AccessDenied") })).rejects.toThrow(
            "AccessDenied",
        );
    });
});

describe("InFlight", () => {
    test("settle waits for the constructs running, and no longer", async () => {
        const inFlight = new InFlight();
        const end = inFlight.start();
        let settled = false;
        const settling = inFlight.settle(5_000).then(() => (settled = true));
        await new Promise(r => setTimeout(r, 20));
        expect(settled).toBe(false);
        end();
        end(); // ending twice is harmless
        await settling;
        expect(settled).toBe(true);
    });

    test("settle waits on a running construct without polling (the quiet time past)", async () => {
        const inFlight = new InFlight();
        const end = inFlight.start();
        const timers = jest.spyOn(global, "setTimeout");
        const settling = inFlight.settle(5_000, 10);
        await new Promise(r => setTimeout(r, 200)); // one timer of the test's own
        end();
        await settling;
        const settleTimers = timers.mock.calls.length - 1;
        timers.mockRestore();
        expect(settleTimers).toBeLessThanOrEqual(3); // was one every millisecond: about 200 here
    });

    test("settle gives up after its time limit", async () => {
        const inFlight = new InFlight();
        inFlight.start(); // never ends
        const t0 = Date.now();
        await inFlight.settle(30);
        expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    });

    test("settle with nothing running resolves at once", async () => {
        const t0 = Date.now();
        await new InFlight().settle(5_000);
        expect(Date.now() - t0).toBeLessThan(1_000);
    });

    test("settle waits for a construct that starts within the quiet time after the last one ended, then for it to end", async () => {
        const inFlight = new InFlight();
        inFlight.start()(); // the failing construct, ended
        let settled = false;
        const settling = inFlight.settle(5_000, 300).then(() => (settled = true));
        await new Promise(r => setTimeout(r, 100));
        const late = inFlight.start(); // the engine's next construct arrives
        await new Promise(r => setTimeout(r, 400));
        expect(settled).toBe(false);
        late();
        await new Promise(r => setTimeout(r, 100));
        expect(settled).toBe(false); // quiet for 300 ms after it ended
        await settling;
        expect(settled).toBe(true);
    });
});
