// Command pulumi-gen-secure-api generates the SDKs (sdk/nodejs, sdk/python,
// sdk/go) and provider/src/shared/schema-types.ts from schema.yaml with Pulumi's own
// code generators, offline: no Pulumi CLI, no plugin, no network.
//
//	go run . --schema ../../../schema.yaml --out ../../..
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	schemaPath := flag.String("schema", "schema.yaml", "path of the package schema (YAML or JSON)")
	out := flag.String("out", ".", "repository root to write sdk/ and provider/src/shared/schema-types.ts under")
	flag.Parse()

	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	src, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	files, err := Generate(src)
	if err != nil {
		return err
	}
	written, removed, err := WriteTree(out, files)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d files generated, %d changed, %d stale removed\n", tool, len(files), written, removed)
	return nil
}

// keptInOwnedDirs are build products and local tool state inside the SDK
// directories; regeneration leaves them alone (they are git-ignored).
var keptInOwnedDirs = map[string]bool{
	"node_modules": true, "bin": true, // nodejs build
	"build": true, "dist": true, "__pycache__": true, ".venv": true, // python build
	".pytest_cache": true,
}

func isKept(name string) bool {
	return keptInOwnedDirs[name] || strings.HasSuffix(name, ".egg-info")
}

// WriteTree writes files under root, rewriting only files whose bytes differ
// (so mtimes of unchanged files survive and reruns are cheap), and removes
// files in the owned SDK directories that the generator no longer produces.
func WriteTree(root string, files map[string][]byte) (written, removed int, err error) {
	for _, rel := range sortedKeys(files) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if old, rerr := os.ReadFile(p); rerr == nil && string(old) == string(files[rel]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, removed, err
		}
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			return written, removed, err
		}
		written++
	}

	existing, err := ListOwned(root)
	if err != nil {
		return written, removed, err
	}
	for _, rel := range existing {
		if _, ok := files[rel]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			return written, removed, err
		}
		removed++
	}
	for _, d := range ownedDirs {
		removeEmptyDirs(filepath.Join(root, filepath.FromSlash(d)))
	}
	return written, removed, nil
}

// ListOwned lists the files (slash-separated, relative to root) in the SDK
// directories the generator owns, skipping build products.
func ListOwned(root string) ([]string, error) {
	var out []string
	for _, d := range ownedDirs {
		base := filepath.Join(root, filepath.FromSlash(d))
		err := filepath.WalkDir(base, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == base {
					return filepath.SkipDir
				}
				return err
			}
			if e.IsDir() {
				if p != base && isKept(e.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// removeEmptyDirs deletes directories left empty by stale-file removal.
func removeEmptyDirs(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && !isKept(e.Name()) {
			removeEmptyDirs(filepath.Join(dir, e.Name()))
		}
	}
	if entries, err = os.ReadDir(dir); err == nil && len(entries) == 0 {
		_ = os.Remove(dir)
	}
}
