package main

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// overlays holds hand-written SDK sources that schema.yaml cannot describe
// (the route helpers), one directory per language. `make gen` places them in
// the SDKs: the nodejs and Python ones as the generators' extraFiles, so the
// generators list and export them (index.ts `export * from "./routeHelpers"`,
// __init__.py `from .route_helpers import *`, tsconfig.json "files"); the Go
// one is copied into the package directory (Go exports by name, no index).
// Go overlays start with "_" so the go tool never compiles them in this module;
// the underscore is dropped in the SDK.
//
//go:embed all:overlays
var overlays embed.FS

// overlayFiles returns one language's overlay files keyed by their path
// relative to that language's package root.
func overlayFiles(lang string) (map[string][]byte, error) {
	root := path.Join("overlays", lang)
	files := map[string][]byte{}
	err := fs.WalkDir(overlays, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := overlays.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		if lang == "go" {
			dir, file := path.Split(rel)
			rel = dir + strings.TrimPrefix(file, "_")
		}
		files[rel] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("overlays/%s: %w", lang, err)
	}
	return files, nil
}
