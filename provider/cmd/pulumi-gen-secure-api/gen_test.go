package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// repoRoot is where schema.yaml and the committed generated files live.
const repoRoot = "../../.."

// TestMain lets a test re-run this binary as the generator command itself,
// to check its exit status and stderr without building it separately.
func TestMain(m *testing.M) {
	if os.Getenv("PULUMI_GEN_SECURE_API_AS_MAIN") == "1" {
		os.Args = append([]string{tool}, strings.Fields(os.Getenv("PULUMI_GEN_SECURE_API_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func readSchema(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, "schema.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// committedFiles reads the generated files as they are in the work tree.
func committedFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	rels, err := ListOwned(root)
	if err != nil {
		t.Fatal(err)
	}
	rels = append(rels, schemaTypesPath, schemaJSONPath)
	files := map[string][]byte{}
	for _, rel := range rels {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		files[rel] = b
	}
	return files
}

// diffTrees names every file that is missing, extra or different in got
// compared with want.
func diffTrees(want, got map[string][]byte) (missing, extra, changed []string) {
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			missing = append(missing, p)
		case !bytes.Equal(w, g):
			changed = append(changed, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(changed)
	return missing, extra, changed
}

// Regenerating from schema.yaml must reproduce the committed sdk/ and
// schema-types.ts byte for byte: otherwise someone edited generated code, or
// changed schema.yaml without running `make gen`.
func TestGenerationIsNoOpOnCleanTree(t *testing.T) {
	files, err := Generate(readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if _, _, err := WriteTree(tmp, files); err != nil {
		t.Fatal(err)
	}
	generated := committedFiles(t, tmp)
	if len(generated) != len(files) {
		t.Fatalf("wrote %d files but read back %d", len(files), len(generated))
	}

	missing, extra, changed := diffTrees(generated, committedFiles(t, repoRoot))
	for _, p := range missing {
		t.Errorf("%s: generated but not in the work tree (run `make gen` and commit it)", p)
	}
	for _, p := range extra {
		t.Errorf("%s: in the work tree but no longer generated (run `make gen`)", p)
	}
	for _, p := range changed {
		t.Errorf("%s: differs from what schema.yaml generates (run `make gen`; never edit generated files)", p)
	}
}

func TestGenerationIsDeterministic(t *testing.T) {
	src := readSchema(t)
	first, err := Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	missing, extra, changed := diffTrees(first, second)
	if len(missing)+len(extra)+len(changed) > 0 {
		t.Fatalf("two runs differ: missing %v, extra %v, changed %v", missing, extra, changed)
	}
}

func TestGeneratedFilesAreWhereTheTeamExpectsThem(t *testing.T) {
	files, err := Generate(readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"sdk/nodejs/package.json", "sdk/nodejs/index.ts", "sdk/nodejs/types/input.ts",
		"sdk/python/pyproject.toml", "sdk/python/README.md", "sdk/python/pulumi_secure_api/__init__.py",
		"sdk/go/secureapi/secureRestApi.go", "sdk/go/secureapi/pulumiTypes.go",
		schemaTypesPath, schemaJSONPath,
	} {
		if _, ok := files[p]; !ok {
			t.Errorf("%s was not generated", p)
		}
	}
	// The references to aws must come out as each language's real aws types.
	for p, want := range map[string]string{
		"sdk/nodejs/types/input.ts":               "handler?: pulumiAws.lambda.Function;",
		"sdk/python/pulumi_secure_api/_inputs.py": "'pulumi_aws.lambda_.Function'",
		"sdk/go/secureapi/pulumiTypes.go":         "Handler *lambda.Function `pulumi:\"handler\"`",
		schemaTypesPath:                           "readonly handler?: aws.lambda.Function;",
	} {
		if !bytes.Contains(files[p], []byte(want)) {
			t.Errorf("%s does not contain %q", p, want)
		}
	}
	if !bytes.Contains(files["sdk/go/secureapi/pulumiTypes.go"], []byte(`"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"`)) {
		t.Errorf("the Go SDK does not import pulumi-aws v7's lambda package")
	}
}

func TestNodePackageHasNoInstallScripts(t *testing.T) {
	files, err := Generate(readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	pkg := string(files["sdk/nodejs/package.json"])
	for _, hook := range []string{`"preinstall"`, `"install"`, `"postinstall"`, `"prepare"`} {
		if strings.Contains(pkg, hook) {
			t.Errorf("package.json has %s script:\n%s", hook, pkg)
		}
	}
	if !strings.Contains(pkg, `"main": "bin/index.js"`) {
		t.Errorf("package.json does not point main at the built SDK:\n%s", pkg)
	}
	if _, err := pointPackageAtBuild([]byte(`{"scripts":{"postinstall":"node x.js"}}`)); err == nil {
		t.Errorf("a postinstall script was not rejected")
	}
}

// pip warns about a TOML-table license on every install, and the engine shows
// the warning to Python users as errors: the SDK states it as an SPDX string.
func TestPythonLicenseIsAnSPDXString(t *testing.T) {
	files, err := Generate(readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	py := string(files["sdk/python/pyproject.toml"])
	if strings.Contains(py, "[project.license]") || !strings.Contains(py, "[project]\n  license = \"Apache-2.0\"\n") {
		t.Errorf("pyproject.toml does not state the license as an SPDX string:\n%s", py)
	}
	if !strings.Contains(py, `"setuptools>=77.0"`) {
		t.Errorf("pyproject.toml does not require a setuptools that reads SPDX licenses:\n%s", py)
	}
}

func mutate(t *testing.T, old, new string) []byte {
	t.Helper()
	src := string(readSchema(t))
	if !strings.Contains(src, old) {
		t.Fatalf("schema.yaml no longer contains %q; update the test", old)
	}
	return []byte(strings.Replace(src, old, new, 1))
}

// A schema error must fail generation with the binder's own diagnostic.
func TestBrokenSchemaFailsWithBinderMessage(t *testing.T) {
	broken := mutate(t,
		"$ref: '#/types/secure-api:index:Integration'",
		"$ref: '#/types/secure-api:index:NoSuchType'")

	_, err := Generate(broken)
	var schemaErr *SchemaError
	if !errors.As(err, &schemaErr) {
		t.Fatalf("want a *SchemaError, got %v", err)
	}

	// The same diagnostic, straight from Pulumi's binder.
	spec, perr := parseSpec(broken)
	if perr != nil {
		t.Fatal(perr)
	}
	_, diags, _ := schema.BindSpec(spec, newOfflineLoader(), schema.ValidationOptions{})
	if !diags.HasErrors() {
		t.Fatal("the binder accepted the broken schema")
	}
	for _, d := range diags {
		if !strings.Contains(err.Error(), d.Summary) {
			t.Errorf("error %q lacks the binder's diagnostic %q", err, d.Summary)
		}
	}
	if !strings.Contains(err.Error(), "type secure-api:index:NoSuchType not found") {
		t.Errorf("error does not name the unknown type: %v", err)
	}
}

func TestUnknownAwsResourceFails(t *testing.T) {
	_, err := Generate(mutate(t, "aws:lambda%2Ffunction:Function", "aws:lambda%2Ffunction:NoSuchFunction"))
	if err == nil || !strings.Contains(err.Error(), "resource type aws:lambda/function:NoSuchFunction not found in package aws") {
		t.Fatalf("want a binder error for the unknown aws resource, got %v", err)
	}
}

func TestOtherAwsVersionFails(t *testing.T) {
	_, err := Generate(mutate(t, "/aws/v7.41.0/schema.json#/resources/aws:lambda", "/aws/v7.40.0/schema.json#/resources/aws:lambda"))
	if err == nil || !strings.Contains(err.Error(), "references aws@7.40.0, but pulumi-gen-secure-api embeds aws@7.41.0") {
		t.Fatalf("want a version mismatch error, got %v", err)
	}
}

func TestPackageNotEmbeddedFails(t *testing.T) {
	_, err := Generate(mutate(t, "/aws/v7.41.0/schema.json#/resources/aws:lambda", "/gcp/v8.0.0/schema.json#/resources/aws:lambda"))
	if err == nil || !strings.Contains(err.Error(), `package "gcp" is not available offline`) {
		t.Fatalf("want a not-available-offline error, got %v", err)
	}
}

// The command itself exits non-zero and prints the diagnostic, writing nothing.
func TestCommandExitsNonZeroOnBrokenSchema(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "schema.yaml")
	if err := os.WriteFile(bad, mutate(t,
		"$ref: '#/types/secure-api:index:Integration'",
		"$ref: '#/types/secure-api:index:NoSuchType'"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PULUMI_GEN_SECURE_API_AS_MAIN=1",
		"PULUMI_GEN_SECURE_API_ARGS=--schema "+bad+" --out "+out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("want a non-zero exit, got %v (stderr %q)", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "type secure-api:index:NoSuchType not found") {
		t.Errorf("stderr lacks the binder's diagnostic: %q", stderr.String())
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed run wrote output to %s", out)
	}
}

func TestWriteTreeRemovesStaleFilesAndKeepsBuilds(t *testing.T) {
	root := t.TempDir()
	mustWrite := func(rel, body string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite("sdk/nodejs/old.ts", "stale")
	mustWrite("sdk/nodejs/bin/index.js", "built")
	mustWrite("sdk/python/pulumi_secure_api.egg-info/PKG-INFO", "built")
	mustWrite("sdk/go.mod", "module x")
	mustWrite("sdk/go/secureapi/gone/gone.go", "stale")

	written, removed, err := WriteTree(root, map[string][]byte{"sdk/nodejs/index.ts": []byte("new")})
	if err != nil {
		t.Fatal(err)
	}
	if written != 1 || removed != 2 {
		t.Errorf("written %d removed %d, want 1 and 2", written, removed)
	}
	for rel, want := range map[string]bool{
		"sdk/nodejs/index.ts": true, "sdk/nodejs/old.ts": false, "sdk/nodejs/bin/index.js": true,
		"sdk/python/pulumi_secure_api.egg-info/PKG-INFO": true, "sdk/go.mod": true,
		"sdk/go/secureapi/gone": false,
	} {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		if got := err == nil; got != want {
			t.Errorf("%s exists: %v, want %v", rel, got, want)
		}
	}
	// A second write of the same content changes nothing.
	if written, removed, err = WriteTree(root, map[string][]byte{"sdk/nodejs/index.ts": []byte("new")}); err != nil ||
		written != 0 || removed != 0 {
		t.Errorf("rewrite: written %d removed %d err %v, want 0 0 nil", written, removed, err)
	}
}
