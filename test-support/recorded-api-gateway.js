// A recorded-response API Gateway for the audit's read tests: serves the
// snapshots of test-support/audit-cases/compare/*.json as API Gateway's REST
// API answers them (API Gateway API reference: GetRestApi, GetStage,
// GetExport, GetResources, GetAuthorizers, GetUsagePlans, GetUsagePlanKeys,
// GetApiKey, GetDomainName, GetBasePathMappings), for the responses no peer
// models: LocalStack's and moto's exports carry no security requirements or
// authorizers, and neither has a deployed snapshot apart from the draft.
// Shapes as AWS sends them: collections under "item" with a "position" for
// the next page (pages of two here, so the clients' paging is exercised);
// GetUsagePlanKeys answers each key's value, as AWS does (the clients must
// drop it); GetResources embeds methods only when asked (embed=methods);
// errors are a status, an x-amzn-errortype header and {"message"}. A case's
// `unread` entries are refused with AccessDeniedException.
//
// Plain JavaScript so both clients' tests run it: require() it, or
//   node test-support/recorded-api-gateway.js case.json [case.json ...]
// which prints the server's URL on its first line and serves until killed.
"use strict";
const fs = require("fs");
const http = require("http");

const PAGE = 2;
/** Made up, key-shaped: the value GetUsagePlanKeys answers for every key (the reports must never show it). */
const KEY_VALUE = "RecordedKeyValue0123456789abcdefghijKLMN";

function page(items, position) {
    const start = position ? Number(position) : 0;
    const next = start + PAGE < items.length ? String(start + PAGE) : undefined;
    return { item: items.slice(start, start + PAGE), ...(next ? { position: next } : {}) };
}

/** Serves `snapshots` (each with the expectation's restApiId and stageName); `requests` records method, path and query. */
function start(snapshots) {
    const requests = [];
    const byApi = new Map(snapshots.map(s => [s.restApiId, s]));
    const plans = new Map();
    for (const s of snapshots) for (const p of s.snapshot.usagePlans ?? []) plans.set(p.id, p);
    const keys = new Map();
    for (const s of snapshots) for (const [id, k] of Object.entries(s.snapshot.apiKeys ?? {})) keys.set(id, k);
    const domains = new Map();
    for (const s of snapshots) if (s.snapshot.domain) domains.set(s.snapshot.domain.domainName, s.snapshot.domain);
    // A case's refused reads, by the path of their permission's ARN.
    const denied = new Map();
    for (const s of snapshots) for (const u of s.snapshot.unread ?? []) denied.set(u.permission.replace(/^.*::/, ""), u.error.replace(/^[A-Za-z]+: /, ""));

    const server = http.createServer((req, res) => {
        const url = new URL(req.url, "http://localhost");
        const path = decodeURIComponent(url.pathname);
        requests.push({ method: req.method, path, query: Object.fromEntries(url.searchParams), accept: req.headers.accept });
        const send = (status, body, type = "application/json", extra = {}) => {
            res.writeHead(status, { "content-type": type, ...extra });
            res.end(typeof body === "string" ? body : JSON.stringify(body));
        };
        const error = (status, type, message) => send(status, { message }, "application/json", { "x-amzn-errortype": type });
        if (req.method !== "GET") return error(403, "AccessDeniedException", `the audit only reads: ${req.method} ${path}`);
        if (denied.has(path)) return error(403, "AccessDeniedException", denied.get(path));
        const notFound = what => error(404, "NotFoundException", `Invalid ${what} identifier specified`);
        const position = url.searchParams.get("position");
        let m;
        if ((m = /^\/restapis\/([^/]+)(\/.*)?$/.exec(path))) {
            const s = byApi.get(m[1]);
            const snap = s?.snapshot;
            if (!snap || snap.restApi === null) return notFound("API");
            const rest = m[2] ?? "";
            if (rest === "") return snap.restApi ? send(200, snap.restApi) : notFound("API");
            if (rest === `/stages/${s.stageName}`) return snap.stage ? send(200, snap.stage) : notFound("stage");
            if (rest === `/stages/${s.stageName}/exports/oas30`) {
                if (!snap.export) return notFound("stage");
                return send(200, JSON.stringify(snap.export), "application/json", { "content-disposition": `attachment; filename="oas30_${Date.now()}.json"` });
            }
            if (rest === "/resources") {
                const embed = url.searchParams.getAll("embed").join(",").split(",").includes("methods");
                const items = (snap.resources ?? []).map(r => (embed ? r : { path: r.path }));
                return send(200, page(items, position));
            }
            if (rest === "/authorizers") return send(200, page(snap.authorizers ?? [], position));
            return notFound("resource");
        }
        if (path === "/usageplans") {
            const items = [...plans.values()].map(({ keys: _keys, ...p }) => p);
            return send(200, page(items, position));
        }
        if ((m = /^\/usageplans\/([^/]+)\/keys$/.exec(path))) {
            const plan = plans.get(m[1]);
            if (!plan) return notFound("Usage Plan");
            return send(200, page((plan.keys ?? []).map(k => ({ ...k, value: KEY_VALUE })), position));
        }
        if ((m = /^\/apikeys\/([^/]+)$/.exec(path))) {
            const k = keys.get(m[1]);
            if (!k) return notFound("API Key");
            return send(200, { ...k, ...(url.searchParams.get("includeValue") === "true" ? { value: KEY_VALUE } : {}) });
        }
        if ((m = /^\/domainnames\/([^/]+)(\/basepathmappings)?$/.exec(path))) {
            const d = domains.get(m[1]);
            if (!d) return notFound("domain name");
            if (m[2]) return send(200, page(d.basePathMappings ?? [], position));
            return send(200, { domainName: d.domainName, ...(d.mutualTlsAuthentication ? { mutualTlsAuthentication: d.mutualTlsAuthentication } : {}) });
        }
        return notFound("resource");
    });
    return new Promise(resolve =>
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise(r => server.close(() => r())) });
        }),
    );
}

/** The snapshots of case files, each with its API and stage. */
function casesToServe(files) {
    return files.map(f => {
        const c = JSON.parse(fs.readFileSync(f, "utf8"));
        return { restApiId: c.expectation.restApiId, stageName: c.expectation.stageName, snapshot: c.snapshot };
    });
}

module.exports = { start, casesToServe, KEY_VALUE };

if (require.main === module) {
    start(casesToServe(process.argv.slice(2))).then(s => process.stdout.write(`${s.url}\n`));
}
