package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// awsPartialSchema stands in for the aws plugin's schema: the machines this
// runs on have no Pulumi CLI and no plugins, yet schema.yaml references aws
// resources by URL, so the binder must be served the aws package from here.
//
//go:embed aws-partial-schema.json
var awsPartialSchema []byte

// offlineLoader serves the packages schema.yaml may reference, from embedded
// schemas only. It never starts a plugin or touches the network, so a reference
// to anything it does not embed is a binding error, not a download.
type offlineLoader struct {
	specs map[string][]byte // package name -> embedded JSON schema

	mu     sync.Mutex
	loaded map[string]*schema.Package
}

var _ schema.ReferenceLoader = (*offlineLoader)(nil)

func newOfflineLoader() *offlineLoader {
	return &offlineLoader{
		specs:  map[string][]byte{"aws": awsPartialSchema},
		loaded: map[string]*schema.Package{},
	}
}

func (l *offlineLoader) load(name string, version *semver.Version) (*schema.Package, error) {
	l.mu.Lock()
	defer l.mu.Unlock()

	pkg, ok := l.loaded[name]
	if !ok {
		raw, known := l.specs[name]
		if !known {
			return nil, fmt.Errorf("package %q is not available offline: pulumi-gen-secure-api embeds only %v",
				name, l.names())
		}
		var spec schema.PackageSpec
		if err := json.Unmarshal(raw, &spec); err != nil {
			return nil, fmt.Errorf("embedded schema of package %q: %w", name, err)
		}
		// ImportSpec rather than BindSpec: the embedded schema is a trusted
		// partial copy, so it is imported without metaschema validation.
		var err error
		pkg, err = schema.ImportSpec(spec, nil, l, schema.ValidationOptions{})
		if err != nil {
			return nil, fmt.Errorf("embedded schema of package %q: %w", name, err)
		}
		l.loaded[name] = pkg
	}

	// Types generated against one aws version must not silently be served
	// another: fail so the embedded copy gets updated alongside schema.yaml.
	if version != nil && pkg.Version != nil && !pkg.Version.Equals(*version) {
		return nil, fmt.Errorf("schema.yaml references %s@%v, but pulumi-gen-secure-api embeds %s@%v "+
			"(update aws-partial-schema.json)", name, version, name, pkg.Version)
	}
	return pkg, nil
}

func (l *offlineLoader) names() []string {
	names := make([]string, 0, len(l.specs))
	for n := range l.specs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (l *offlineLoader) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return l.load(name, version)
}

func (l *offlineLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	if d.Parameterization != nil {
		return nil, fmt.Errorf("parameterized package %v is not available offline", d)
	}
	return l.load(d.Name, d.Version)
}

func (l *offlineLoader) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	pkg, err := l.load(name, version)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func (l *offlineLoader) LoadPackageReferenceV2(
	ctx context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	pkg, err := l.LoadPackageV2(ctx, d)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}
