// Signs requests with the TypeScript client (client/dist, built by `make
// build`) for test_cross_check.py: a JSON list of requests on stdin, a JSON
// list of { url, headers } (the URL as sent, the headers after signing) out.
"use strict";
const path = require("path");
const { prepareRequest, requestUrl } = require(path.resolve(__dirname, "../../client/dist/index.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", d => (input += d));
process.stdin.on("end", async () => {
    const out = [];
    for (const r of JSON.parse(input)) {
        const request = await prepareRequest({
            url: r.url,
            method: r.method,
            headers: r.headers,
            body: r.body === undefined ? undefined : Buffer.from(r.body, "base64"),
            auth: { iam: r.credentials, region: r.region, service: r.service, signingDate: new Date(r.signingDate) },
        });
        out.push({ url: requestUrl(request), headers: request.headers });
    }
    process.stdout.write(JSON.stringify(out));
});
