// The API-key flow against a real moto server, run by bench/run.js in its own
// process: node bench/keyflow-child.js <rounds>
// Calls provider/dist/credentials/apiKeyFlow.js resolveApiKey with clientConfig from
// provider/dist/credentials/awsClientConfig.js (endpoint = moto, credentials testing/testing)
// and injected SSM / Secrets Manager clients whose middleware counts every AWS
// call (each HTTP attempt, retries included). Three scenarios per round, their
// order rotated from round to round:
//   cache — the cache file holds the key: expect 0 calls;
//   warm  — no cache entry, the SSM parameter exists: expect 1 call (GetParameter),
//           then the cache is written;
//   cold  — moto reset, nothing exists: expect 3 calls (GetParameter miss,
//           GetRandomPassword, PutParameter), then the cache is written.
// Clients are created fresh for each run, outside the timed region (as the
// component would create them, but without their construction in the figure).
// One untimed warm-up round first. Prints one JSON line.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { createRequire } = require("module");
const { performance } = require("perf_hooks");
const { startMoto, MOTO_CREDENTIALS } = require("./moto");

const DIST = path.join(__dirname, "..", "provider", "dist");
const req = createRequire(path.join(DIST, "index.js"));
const { SSMClient, PutParameterCommand } = req("@aws-sdk/client-ssm");
const { SecretsManagerClient } = req("@aws-sdk/client-secrets-manager");
const { resolveApiKey } = require(path.join(DIST, "credentials", "apiKeyFlow.js"));
const { awsClientConfig } = require(path.join(DIST, "credentials", "awsClientConfig.js"));

const rounds = Number(process.argv[2] ?? 15);
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const WARM_VALUE = "warm-0123456789abcdefghijKLMNOP";

async function main() {
    const tmp = fs.mkdtempSync(path.join(__dirname, ".tmp", "keyflow-"));
    const moto = await startMoto();
    try {
        const config = awsClientConfig({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
        const seed = new SSMClient(config);
        const seedWarm = () => seed.send(new PutParameterCommand({ Name: "/bench-warm/api-key", Value: WARM_VALUE, Type: "SecureString" }));

        const counted = () => {
            const calls = [];
            const count = client => {
                client.middlewareStack.add(
                    (next, context) => args => {
                        calls.push(`${context.clientName}:${context.commandName}`);
                        return next(args);
                    },
                    { step: "deserialize", name: "benchCountCalls" }, // inside the retry loop: one per HTTP attempt
                );
                return client;
            };
            return { calls, clients: { ssm: count(new SSMClient(config)), secretsManager: count(new SecretsManagerClient(config)) } };
        };

        let cacheSeq = 0;
        const hitCache = path.join(tmp, "hit.json");
        const scenarios = {
            cache: { stackName: "bench-hit", cacheFile: () => hitCache, expect: { calls: 0, source: "cache" } },
            warm: { stackName: "bench-warm", cacheFile: () => path.join(tmp, `warm-${cacheSeq++}.json`), expect: { calls: 1, source: "ssm" } },
            cold: { stackName: "bench-cold", cacheFile: () => path.join(tmp, `cold-${cacheSeq++}.json`), expect: { calls: 3, source: "generated" } },
        };
        // The cache-hit scenario reads a cache written by the flow itself.
        fs.writeFileSync(hitCache, JSON.stringify({ [ACCOUNT]: { [REGION]: { "bench-hit": "hit-0123456789abcdefghijKLMNOP" } } }), { mode: 0o600 });

        const results = { cache: [], warm: [], cold: [] };
        const order = ["cache", "warm", "cold"];
        for (let round = -1; round < rounds; round++) {
            // Fresh AWS state each round: reset moto, re-seed the warm parameter (untimed).
            await moto.reset();
            await seedWarm();
            const rotated = order.map((_, k) => order[(k + Math.max(round, 0)) % order.length]);
            for (const name of rotated) {
                const s = scenarios[name];
                const { calls, clients } = counted();
                const cacheFile = s.cacheFile();
                const t0 = performance.now();
                const result = await resolveApiKey({
                    account: ACCOUNT, region: REGION, stackName: s.stackName, parameterName: `/${s.stackName}/api-key`,
                    cacheFile, dryRun: false, clientConfig: config, clients,
                });
                const ms = performance.now() - t0;
                clients.ssm.destroy();
                clients.secretsManager.destroy();
                if (result.source !== s.expect.source) throw new Error(`${name}: source ${result.source}, expected ${s.expect.source}`);
                if (name === "warm" && result.value !== WARM_VALUE) throw new Error("warm: wrong value");
                if (name !== "cache") fs.rmSync(cacheFile, { force: true });
                if (round >= 0) results[name].push({ ms, calls });
            }
        }
        seed.destroy();
        console.log(JSON.stringify(results));
    } finally {
        await moto.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

main().catch(e => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
});
