// Outside a single executable the plugin reads schema.json and package.json
// from the package directory (provider/); the executable's assets are checked
// by the clean-room test (e2e/clean-room), which runs it.
import * as fs from "fs";
import * as path from "path";
import { readPackageFile, readPackageFileAsync } from "./packageFiles";

const PROVIDER = path.join(__dirname, "..", "..");

test("package.json and schema.json come from the provider package", async () => {
    expect(readPackageFile("package.json")).toBe(fs.readFileSync(path.join(PROVIDER, "package.json"), "utf8"));
    expect(JSON.parse(readPackageFile("package.json")).name).toBe("pulumi-resource-secure-api");
    expect(await readPackageFileAsync("schema.json")).toBe(fs.readFileSync(path.join(PROVIDER, "schema.json"), "utf8"));
});

test("node:sea reports this is no single executable, so nothing is read from assets", () => {
    expect((require("node:sea") as { isSea(): boolean }).isSea()).toBe(false);
});
