// Parsers commander runs on `secure-api call`'s arguments; each throws
// InvalidArgumentError, which commander reports as a usage error.
import { InvalidArgumentError } from "commander";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export function parseMethod(value: string): string {
    const method = value.toUpperCase();
    if (!METHODS.includes(method)) throw new InvalidArgumentError(`expected one of ${METHODS.join(", ")}.`);
    return method;
}

export function parseUrl(value: string): string {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new InvalidArgumentError("not an absolute URL.");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new InvalidArgumentError("use an https:// or http:// URL.");
    return value;
}

export function collectHeader(value: string, previous: [string, string][] | undefined): [string, string][] {
    const colon = value.indexOf(":");
    const name = colon > 0 ? value.slice(0, colon).trim() : "";
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InvalidArgumentError('expected "Name: value".');
    return [...(previous ?? []), [name, value.slice(colon + 1).trim()]];
}

export function parseSeconds(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds.");
    return n;
}
