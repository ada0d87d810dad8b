// The audit's two outputs: a table for people and JSON for machines. Both
// clients print them identically (test-support/audit-cases/ checks it). No
// key value or secret ever reaches them: the snapshot never holds one.
import { ApiAudit, exitCode } from "./types";

const CELL = 48;
const cut = (s: string) => (s.length > CELL ? `${s.slice(0, CELL - 3)}...` : s);

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
    return rows.map(r => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd());
}

function heading(a: ApiAudit): string {
    const where = `REST API ${a.restApiId} stage ${a.stageName}${a.region ? ` (${a.region})` : ""}`;
    const what = a.drift
        ? `DRIFT: ${a.findings.length} difference${a.findings.length === 1 ? "" : "s"}`
        : a.unread.length
          ? "INCOMPLETE: no drift in what could be read"
          : `no drift (${Object.keys(a.operations).length} operations as deployed)`;
    return `${a.name}: ${where}: ${what}`;
}

/** The human report: per API, a table of findings, then each finding's sentence, what was not read, and notes. */
export function renderTable(audits: readonly ApiAudit[]): string {
    const lines: string[] = [];
    for (const a of audits) {
        lines.push(heading(a));
        if (a.findings.length) {
            lines.push(
                ...table([
                    ["KIND", "TARGET", "EXPECTED", "LIVE"],
                    ...a.findings.map(f => [f.latent ? `${f.kind} (latent)` : f.kind, cut(f.target), cut(f.expected), cut(f.live)]),
                ]),
            );
            for (const f of a.findings) lines.push(`  - ${f.message}`);
        }
        for (const u of a.unread) lines.push(`  could not read ${u.what}: needs ${u.permission} (${u.error})`);
        for (const n of a.notes) lines.push(`  note: ${n}`);
    }
    const code = exitCode(audits);
    const drifted = audits.filter(a => a.drift).length;
    lines.push(
        `${audits.length} API${audits.length === 1 ? "" : "s"} audited, ${drifted} with drift: ` +
            (code === 0 ? "clean (exit 0)" : code === 1 ? "drift found (exit 1)" : "could not read everything (exit 2)"),
    );
    return `${lines.join("\n")}\n`;
}

/** The machine report (`--json`): every API's audit and the exit status. */
export function reportJson(audits: readonly ApiAudit[]): string {
    const code = exitCode(audits);
    return `${JSON.stringify({ exitCode: code, drift: code === 1, apis: audits }, null, 2)}\n`;
}
