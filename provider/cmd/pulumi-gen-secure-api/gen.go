package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"gopkg.in/yaml.v3"

	"github.com/hashicorp/hcl/v2"
)

// tool is the name the generators stamp into every file's header.
const tool = "pulumi-gen-secure-api"

// Output locations, relative to the repository root. The generator owns the
// three SDK directories entirely (stale files in them are removed) and the one
// TypeScript file in the provider.
const (
	nodejsDir       = "sdk/nodejs"
	pythonDir       = "sdk/python"
	goDir           = "sdk/go"
	schemaTypesPath = "provider/src/shared/schema-types.ts"
	// The provider serves this at GetSchema; JSON so plugin start-up parses nothing heavy.
	schemaJSONPath = "provider/schema.json"
)

var ownedDirs = []string{nodejsDir, pythonDir, goDir}

// SchemaError carries the binder's diagnostics for a schema that does not bind.
type SchemaError struct{ Diagnostics string }

func (e *SchemaError) Error() string { return "schema.yaml does not bind:\n" + e.Diagnostics }

// parseSpec reads schema.yaml (YAML, or JSON, which is YAML too).
func parseSpec(src []byte) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	if err := yaml.Unmarshal(src, &spec); err != nil {
		return spec, fmt.Errorf("parsing schema: %w", err)
	}
	return spec, nil
}

// bind validates the spec against Pulumi's metaschema and binds it, resolving
// cross-package references through the offline loader.
func bind(spec schema.PackageSpec, loader schema.ReferenceLoader) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if diags.HasErrors() {
		return nil, &SchemaError{Diagnostics: formatDiagnostics(diags)}
	}
	if err != nil {
		return nil, fmt.Errorf("binding schema: %w", err)
	}
	return pkg, nil
}

// formatDiagnostics lists every diagnostic, one a line: hcl's own Error()
// shows only the first and counts the rest.
func formatDiagnostics(diags hcl.Diagnostics) string {
	var lines []string
	seen := map[string]bool{} // a type bound from two places reports twice
	for _, d := range diags {
		sev := "warning"
		if d.Severity == hcl.DiagError {
			sev = "error"
		}
		line := fmt.Sprintf("  %s: %s", sev, d.Summary)
		if d.Detail != "" {
			line += ": " + d.Detail
		}
		if !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// Generate turns schema.yaml into every generated file, keyed by its path
// relative to the repository root.
func Generate(src []byte) (map[string][]byte, error) {
	spec, err := parseSpec(src)
	if err != nil {
		return nil, err
	}
	loader := newOfflineLoader()

	files := map[string][]byte{}
	add := func(dir string, generated map[string][]byte) {
		for p, b := range generated {
			files[path.Join(dir, p)] = b
		}
	}

	// Each generator records its language settings on the package it is
	// given, so every language gets a freshly bound package.
	pkg, err := bind(spec, loader)
	if err != nil {
		return nil, err
	}
	nodeOverlays, err := overlayFiles("nodejs")
	if err != nil {
		return nil, err
	}
	nodeFiles, err := nodejs.GeneratePackage(tool, pkg, nodeOverlays, nil, false, loader)
	if err != nil {
		return nil, fmt.Errorf("nodejs SDK: %w", err)
	}
	if nodeFiles["package.json"], err = pointPackageAtBuild(nodeFiles["package.json"]); err != nil {
		return nil, fmt.Errorf("nodejs SDK: %w", err)
	}
	add(nodejsDir, nodeFiles)

	if pkg, err = bind(spec, loader); err != nil {
		return nil, err
	}
	pyOverlays, err := overlayFiles("python")
	if err != nil {
		return nil, err
	}
	pyFiles, err := python.GeneratePackage(tool, pkg, pyOverlays, loader)
	if err != nil {
		return nil, fmt.Errorf("python SDK: %w", err)
	}
	// pyproject.toml names README.md beside it, but the generator writes the
	// readme only into the package directory; copy it up so builds find it.
	if _, ok := pyFiles["README.md"]; !ok {
		for p, b := range pyFiles {
			if dir, file := path.Split(p); file == "README.md" && strings.Count(dir, "/") == 1 {
				pyFiles["README.md"] = b
				break
			}
		}
	}
	if pyFiles["pyproject.toml"], err = spdxLicense(pyFiles["pyproject.toml"]); err != nil {
		return nil, fmt.Errorf("python SDK: %w", err)
	}
	add(pythonDir, pyFiles)

	if pkg, err = bind(spec, loader); err != nil {
		return nil, err
	}
	goFiles, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return nil, fmt.Errorf("go SDK: %w", err)
	}
	goOverlays, err := overlayFiles("go")
	if err != nil {
		return nil, err
	}
	goPkgDir, err := goPackageDir(goFiles)
	if err != nil {
		return nil, err
	}
	for p, b := range goOverlays {
		p = path.Join(goPkgDir, p)
		if _, clash := goFiles[p]; clash {
			return nil, fmt.Errorf("go SDK: overlay %s clashes with a generated file", p)
		}
		goFiles[p] = b
	}
	add(goDir, goFiles)

	aws, err := loader.load("aws", nil)
	if err != nil {
		return nil, err
	}
	ts, err := genSchemaTypes(spec, aws)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", schemaTypesPath, err)
	}
	files[schemaTypesPath] = ts

	if files[schemaJSONPath], err = schemaJSON(src); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaJSONPath, err)
	}

	for p := range files {
		if err := checkOwned(p); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// goPackageDir is the one top-level directory the Go generator writes the
// package into (importBasePath's last element, e.g. "secureapi").
func goPackageDir(goFiles map[string][]byte) (string, error) {
	dirs := map[string]bool{}
	for p := range goFiles {
		if i := strings.Index(p, "/"); i > 0 && strings.HasSuffix(p, ".go") {
			dirs[p[:i]] = true
		}
	}
	if len(dirs) != 1 {
		return "", fmt.Errorf("expected the Go SDK in one package directory, found %v", sortedKeys(dirs))
	}
	for d := range dirs {
		return d, nil
	}
	panic("unreachable")
}

// pointPackageAtBuild makes the nodejs SDK usable straight from the workspace:
// the generator's package.json (for a published SDK, copied into bin/) names no
// entry point, so a workspace link would resolve to a missing index.js. Pulumi's
// own "local SDK" mode sets the same entry point but also adds a postinstall
// script that runs tsc at install time; the build runs tsc instead.
func pointPackageAtBuild(pkgJSON []byte) ([]byte, error) {
	if pkgJSON == nil {
		return nil, errors.New("generator wrote no package.json")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(pkgJSON, &m); err != nil {
		return nil, fmt.Errorf("package.json: %w", err)
	}
	if scripts, ok := m["scripts"]; ok {
		var s map[string]string
		if err := json.Unmarshal(scripts, &s); err != nil {
			return nil, fmt.Errorf("package.json scripts: %w", err)
		}
		// Installing the SDK must not run code (no plugin download, no build).
		for _, hook := range []string{"preinstall", "install", "postinstall", "prepare"} {
			if _, bad := s[hook]; bad {
				return nil, fmt.Errorf("package.json has an install-time script %q", hook)
			}
		}
	}
	m["main"] = json.RawMessage(`"bin/index.js"`)
	m["types"] = json.RawMessage(`"bin/index.d.ts"`)
	// The Node.js versions the SDK supports, as every package of the repository says them
	// (docs/installation-configuration.md; sdk-tests/nodejs/release.test.ts checks they agree).
	m["engines"] = json.RawMessage(`{"node": ">=20"}`)
	// encoding/json sorts map keys, which keeps the output stable; ">=" stays as written.
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// schemaJSON is schema.yaml as JSON, value for value (keys sorted, so stable).
func schemaJSON(src []byte) ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func checkOwned(p string) error {
	if p == schemaTypesPath || p == schemaJSONPath {
		return nil
	}
	for _, d := range ownedDirs {
		if strings.HasPrefix(p, d+"/") {
			return nil
		}
	}
	return fmt.Errorf("generator produced %q outside the directories it owns", p)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The Python generator writes the license as a TOML table
// (`[project.license] text = ...`), which current setuptools deprecates with a
// warning on every install, and the Pulumi engine shows each line of that
// warning to Python users as an `error:` diagnostic. PEP 639's SPDX string
// form says the same without the warning (setuptools >= 77 reads it).
var licenseTable = regexp.MustCompile(`(?m)^[ \t]*\[project\.license\]\n[ \t]*text = ("[^"\n]*")\n`)

func spdxLicense(pyproject []byte) ([]byte, error) {
	m := licenseTable.FindSubmatch(pyproject)
	if m == nil {
		return pyproject, nil
	}
	out := licenseTable.ReplaceAll(pyproject, nil)
	out = bytes.Replace(out, []byte("[project]\n"), []byte("[project]\n  license = "+string(m[1])+"\n"), 1)
	if !bytes.Contains(out, []byte(`"setuptools>=61.0"`)) {
		return nil, fmt.Errorf("pyproject.toml: expected the generator's build requirement setuptools>=61.0 to raise it for the SPDX license")
	}
	return bytes.Replace(out, []byte(`"setuptools>=61.0"`), []byte(`"setuptools>=77.0"`), 1), nil
}
