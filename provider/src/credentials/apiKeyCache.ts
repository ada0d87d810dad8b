// Local cache of API key values, so repeated deploys skip the SSM round trip.
//
// File shape (JSON), keyed account → region → stackName → key value:
//
//   {
//     "123456789012": {
//       "eu-west-1": { "shop-prod": "<40-char api key>" },
//       "us-east-1": { "shop-prod": "<another key>" }
//     }
//   }
//
// The reference library keys by account and stack only, so the same stack in
// two regions collides; we add the region level.
//
// The cache is best effort: every failure here is reported through `warn` and
// never thrown. Messages never include file contents (they hold keys).
import { promises as fsp } from "fs";
import * as path from "path";
import * as crypto from "crypto";
import * as lockfile from "proper-lockfile";

export type ApiKeyCacheData = Record<string, Record<string, Record<string, string>>>;

export interface ApiKeyCacheKey {
    account: string;
    region: string;
    stackName: string;
}

export type Warn = (message: string) => void;

export const CACHE_DIR_NAME = "pulumi-secure-api";
export const CACHE_FILE_NAME = "api-keys.json";
export const CACHE_ENV_VAR = "PULUMI_SECURE_API_CACHE";

export interface ResolveCacheFileArgs {
    /** Component input `cacheFile`. */
    input?: string;
    /** Stack config `secure-api:cacheFile`. */
    config?: string;
    env: NodeJS.ProcessEnv;
    homedir: string;
}

/**
 * Where the cache lives: input > config > $PULUMI_SECURE_API_CACHE > default
 * ($XDG_CACHE_HOME/pulumi-secure-api/api-keys.json, else
 * ~/.cache/pulumi-secure-api/api-keys.json). Empty strings count as unset.
 * Pure: no filesystem access, no process globals.
 */
export function resolveCacheFile(args: ResolveCacheFileArgs): string {
    const chosen = nonEmpty(args.input) ?? nonEmpty(args.config) ?? nonEmpty(args.env[CACHE_ENV_VAR]);
    if (chosen) return expandHome(chosen, args.homedir);
    // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
    const xdg = nonEmpty(args.env.XDG_CACHE_HOME);
    const cacheRoot = xdg && path.isAbsolute(xdg) ? xdg : path.join(args.homedir, ".cache");
    return path.join(cacheRoot, CACHE_DIR_NAME, CACHE_FILE_NAME);
}

function nonEmpty(s: string | undefined): string | undefined {
    return s && s.trim() !== "" ? s : undefined;
}

function expandHome(p: string, homedir: string): string {
    if (p === "~") return homedir;
    if (p.startsWith("~/")) return path.join(homedir, p.slice(2));
    return p;
}

/** The cached key, or undefined when absent, unreadable or corrupt (warned). */
export async function readCachedApiKey(file: string, key: ApiKeyCacheKey, warn: Warn): Promise<string | undefined> {
    const loaded = await loadCache(file, warn);
    if (loaded.kind !== "ok") return undefined;
    return loaded.data[key.account]?.[key.region]?.[key.stackName];
}

/**
 * Merge one entry into the cache file. Concurrent writers (other stacks'
 * deploys) are serialised by a lock and each re-reads under it, so no entry is
 * lost. A corrupt file is backed up before being replaced. Returns whether the
 * entry was written; failures are warnings.
 */
export async function writeCachedApiKey(file: string, key: ApiKeyCacheKey, value: string, warn: Warn): Promise<boolean> {
    try {
        await ensureDir(path.dirname(file));
        const release = await lockfile.lock(file, lockOptions(file, warn));
        try {
            const loaded = await loadCache(file, warn);
            if (loaded.kind === "unreadable") {
                warn(`API key cache ${file} is unreadable, not updating it for stack ${key.stackName}`);
                return false;
            }
            const data = loaded.kind === "ok" ? loaded.data : {};
            if (loaded.kind === "corrupt" || (loaded.kind === "ok" && loaded.dropped)) {
                await backupCorrupt(file, warn);
            }
            const regions = (data[key.account] ??= {});
            const stacks = (regions[key.region] ??= {});
            stacks[key.stackName] = value;
            await writeAtomic(file, JSON.stringify(data, null, 2) + "\n");
            return true;
        } finally {
            await release().catch(() => undefined);
        }
    } catch (e) {
        warn(`Could not write API key cache ${file} for stack ${key.stackName}: ${errorText(e)}`);
        return false;
    }
}

// Waits of up to a few seconds in total: other writers hold the lock for
// milliseconds. `stale` frees a lock left by a killed process.
function lockOptions(file: string, warn: Warn): lockfile.LockOptions {
    return {
        // The cache file may not exist yet; lock its path, not its realpath.
        realpath: false,
        stale: 10_000,
        retries: { retries: 60, factor: 1.3, minTimeout: 10, maxTimeout: 250, randomize: true },
        // The library's default throws from a timer, which would crash the deploy.
        onCompromised: e => warn(`Lost the lock on API key cache ${file}: ${errorText(e)}`),
    };
}

type Loaded = { kind: "ok"; data: ApiKeyCacheData; dropped: boolean } | { kind: "missing" } | { kind: "corrupt" } | { kind: "unreadable" };

async function loadCache(file: string, warn: Warn): Promise<Loaded> {
    let text: string;
    try {
        text = await fsp.readFile(file, "utf8");
    } catch (e) {
        if (isErrno(e, "ENOENT")) return { kind: "missing" };
        warn(`API key cache ${file} is unreadable (${errorText(e)}); ignoring it`);
        return { kind: "unreadable" };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        // Not the parser's message: recent V8 quotes part of the input, i.e. keys.
        warn(`API key cache ${file} is not valid JSON; ignoring it`);
        return { kind: "corrupt" };
    }
    const { data, dropped } = sanitize(parsed);
    if (data === undefined) {
        warn(`API key cache ${file} does not hold a JSON object; ignoring it`);
        return { kind: "corrupt" };
    }
    if (dropped) warn(`API key cache ${file} has malformed entries; ignoring them`);
    return { kind: "ok", data, dropped };
}

/** Keep every well-formed account/region/stack entry; report whether anything was dropped. */
function sanitize(parsed: unknown): { data: ApiKeyCacheData | undefined; dropped: boolean } {
    if (!isObject(parsed)) return { data: undefined, dropped: true };
    const data: ApiKeyCacheData = {};
    let dropped = false;
    for (const [account, regions] of Object.entries(parsed)) {
        if (!isObject(regions)) {
            dropped = true;
            continue;
        }
        for (const [region, stacks] of Object.entries(regions)) {
            if (!isObject(stacks)) {
                dropped = true;
                continue;
            }
            for (const [stack, value] of Object.entries(stacks)) {
                if (typeof value !== "string" || value === "") {
                    dropped = true;
                    continue;
                }
                ((data[account] ??= {})[region] ??= {})[stack] = value;
            }
        }
    }
    return { data, dropped };
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Never silently destroy a damaged file: it may hold other stacks' keys. */
async function backupCorrupt(file: string, warn: Warn): Promise<void> {
    const backup = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await fsp.copyFile(file, backup);
    await fsp.chmod(backup, 0o600);
    warn(`Backed up the damaged API key cache to ${backup} before rewriting ${file}`);
}

async function ensureDir(dir: string): Promise<void> {
    // Mode applies to directories created here only; existing ones are left alone.
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Temp file in the same directory + rename: readers see the old or the new file, never half of one. */
async function writeAtomic(file: string, contents: string): Promise<void> {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`);
    try {
        const handle = await fsp.open(tmp, "wx", 0o600);
        try {
            await handle.writeFile(contents, "utf8");
            await handle.sync();
        } finally {
            await handle.close();
        }
        await fsp.rename(tmp, file);
    } catch (e) {
        await fsp.rm(tmp, { force: true }).catch(() => undefined);
        throw e;
    }
}

function isErrno(e: unknown, code: string): boolean {
    return typeof e === "object" && e !== null && (e as NodeJS.ErrnoException).code === code;
}

function errorText(e: unknown): string {
    if (typeof e === "object" && e !== null) {
        const err = e as NodeJS.ErrnoException;
        return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
    }
    return String(e);
}
