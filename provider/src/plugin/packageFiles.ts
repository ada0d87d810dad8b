// The two files of the plugin package the provider reads at run time:
// schema.json (served by GetSchema) and package.json (the plugin's version).
// From a checkout or an npm install they sit beside dist/, two folders above
// this file. In the single executable that `make dist` builds
// (scripts/plugin-binary.js) there is no such folder: the files are embedded
// as assets of the executable (Node's single executable applications).
import * as fs from "fs";
import * as path from "path";

export type PackageFile = "schema.json" | "package.json";

const PACKAGE_DIR = path.join(__dirname, "..", "..");

interface Sea {
    isSea(): boolean;
    getAsset(key: string, encoding: string): string;
}

/** node:sea when running as a single executable, else undefined. */
function runningSea(): Sea | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sea = require("node:sea") as Sea;
        return sea.isSea() ? sea : undefined;
    } catch {
        return undefined; // Node without node:sea (< 20.12): never a single executable
    }
}

const sea = runningSea();

export function readPackageFile(name: PackageFile): string {
    return sea ? sea.getAsset(name, "utf8") : fs.readFileSync(path.join(PACKAGE_DIR, name), "utf8");
}

export async function readPackageFileAsync(name: PackageFile): Promise<string> {
    return sea ? sea.getAsset(name, "utf8") : fs.promises.readFile(path.join(PACKAGE_DIR, name), "utf8");
}
