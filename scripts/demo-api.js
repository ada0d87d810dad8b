#!/usr/bin/env node
// A LOCAL STAND-IN for the API that `make demo` deploys (scripts/demo.sh): the
// demo runs without an AWS account, so its API Gateway URL leads nowhere.
// This small HTTP server answers the way the deployed SecureRestApi would:
//   - every request must carry the x-api-key header with the key the stack
//     holds, else 403 {"message":"Forbidden"} (API Gateway's answer to a
//     missing or wrong key);
//   - a path the API does not have: 403 {"message":"Missing Authentication Token"};
//   - otherwise 200 with what the demo's Lambda handler returns.
// It models nothing else (no usage plan, throttling, quota, stage variables).
//
//   DEMO_API_KEY=<key> node scripts/demo-api.js <stageName> <path>...   (paths as in RouteURLs, e.g. /items/{id})
// Prints `http://127.0.0.1:<port>/<stageName>` once it listens.
"use strict";
const crypto = require("crypto");
const http = require("http");

const [stage, ...paths] = process.argv.slice(2);
const key = process.env.DEMO_API_KEY;
if (!stage || paths.length === 0 || !key) {
    console.error("usage: DEMO_API_KEY=<key> node scripts/demo-api.js <stageName> <path>...");
    process.exit(2);
}

/** A route path (`/items/{id}`, `/{proxy+}`) as a regular expression over a request path. */
function pattern(p) {
    const segments = p.split("/").filter(Boolean).map(s =>
        s.endsWith("+}") ? ".+" : s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^/${segments.join("/")}/?$`);
}
const routes = paths.map(pattern);

const sameKey = given => {
    const a = Buffer.from(String(given ?? "")), b = Buffer.from(key);
    return a.length === b.length && crypto.timingSafeEqual(a, b);
};

function reply(res, status, body) {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const prefix = `/${stage}`;
    const resourcePath = url.pathname === prefix ? "/" : url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : undefined;
    req.resume();
    if (resourcePath === undefined || !routes.some(r => r.test(resourcePath))) {
        return reply(res, 403, { message: "Missing Authentication Token" });
    }
    if (!sameKey(req.headers["x-api-key"])) return reply(res, 403, { message: "Forbidden" });
    reply(res, 200, { message: "hello from pulumi-secure-api", method: req.method, path: resourcePath });
});

server.listen(0, "127.0.0.1", () => {
    console.log(`http://127.0.0.1:${server.address().port}/${stage}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
