// The request body of `secure-api call --data`, as curl spells it: a literal
// string, `@file`, or `@-` for standard input. Bytes are sent as they are
// (curl's --data-binary; curl's --data would strip newlines from a file).
import { UsageError } from "./usageError";

export interface BodySources {
    readFile(path: string): Promise<Buffer>;
    readStdin(): Promise<Buffer>;
}

/** Reads a stream to its end. */
export async function readStream(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
    return Buffer.concat(chunks);
}

export async function requestBody(data: string, sources: BodySources): Promise<Buffer> {
    if (!data.startsWith("@")) return Buffer.from(data, "utf8");
    const file = data.slice(1);
    if (file === "-") return sources.readStdin();
    try {
        return await sources.readFile(file);
    } catch (e) {
        throw new UsageError(`cannot read --data file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
}

/** The content type a body gets when no Content-Type header was given. */
export function defaultContentType(body: Buffer): string {
    try {
        JSON.parse(body.toString("utf8"));
        return "application/json";
    } catch {
        return "application/octet-stream";
    }
}
