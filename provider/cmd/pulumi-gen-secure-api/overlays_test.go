package main

import (
	"bytes"
	"strings"
	"testing"
)

// The hand-written route helpers must land in every SDK, exported like the
// generated members, and stay byte-identical to their overlay sources.
func TestOverlaysArePlacedAndExported(t *testing.T) {
	files, err := Generate(readSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	for lang, dest := range map[string]string{
		"nodejs": "sdk/nodejs/",
		"python": "sdk/python/pulumi_secure_api/",
		"go":     "sdk/go/secureapi/",
	} {
		overlay, err := overlayFiles(lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(overlay) == 0 {
			t.Errorf("no %s overlay files", lang)
		}
		for rel, want := range overlay {
			if got, ok := files[dest+rel]; !ok {
				t.Errorf("%s overlay %s not generated at %s", lang, rel, dest+rel)
			} else if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its overlay source", dest+rel)
			}
		}
	}

	for p, want := range map[string]string{
		"sdk/nodejs/index.ts":                           `export * from "./routeHelpers";`,
		"sdk/nodejs/tsconfig.json":                      `"routeHelpers.ts",`,
		"sdk/python/pulumi_secure_api/__init__.py":      "from .route_helpers import *",
		"sdk/nodejs/routeHelpers.ts":                    "export function lambdaRoute(handler: pulumiAws.lambda.Function, path: string, ...methods: Http[]): inputs.RouteArgs",
		"sdk/python/pulumi_secure_api/route_helpers.py": "def lambda_route(handler: 'pulumi_aws.lambda_.Function', path: str, *methods: _MethodLike) -> RouteArgs:",
		"sdk/go/secureapi/routeHelpers.go":              "func LambdaRoute(handler *lambda.Function, path string, method Http, more ...Http) RouteArgs",
	} {
		if !bytes.Contains(files[p], []byte(want)) {
			t.Errorf("%s does not contain %q", p, want)
		}
	}
	for _, name := range []string{"lambda_route", "lambda_methods", "integration_route", "integration_methods"} {
		if !bytes.Contains(files["sdk/python/pulumi_secure_api/route_helpers.py"], []byte("'"+name+"',")) {
			t.Errorf("route_helpers.py does not list %s in __all__", name)
		}
	}
}

// Go overlays are stored with a leading underscore (so the go tool ignores
// them in this module) and lose it in the SDK.
func TestGoOverlayLosesItsUnderscore(t *testing.T) {
	overlay, err := overlayFiles("go")
	if err != nil {
		t.Fatal(err)
	}
	for rel := range overlay {
		if strings.HasPrefix(rel, "_") || strings.Contains(rel, "/_") {
			t.Errorf("go overlay %s kept its underscore", rel)
		}
	}
	if _, ok := overlay["routeHelpers.go"]; !ok {
		t.Errorf("routeHelpers.go missing from the go overlays: %v", sortedKeys(overlay))
	}
}

func TestGoPackageDirIsUnique(t *testing.T) {
	if d, err := goPackageDir(map[string][]byte{"secureapi/a.go": nil, "secureapi/config/b.go": nil, "go.mod": nil}); err != nil || d != "secureapi" {
		t.Errorf("got %q, %v; want secureapi", d, err)
	}
	if _, err := goPackageDir(map[string][]byte{"a/x.go": nil, "b/y.go": nil}); err == nil {
		t.Errorf("two package directories were accepted")
	}
}
