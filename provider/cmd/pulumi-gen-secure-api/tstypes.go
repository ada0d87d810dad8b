package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// genSchemaTypes writes provider/src/shared/schema-types.ts: the TypeScript view of
// schema.yaml that the provider is written against, so that a schema change
// the provider does not follow fails to compile instead of drifting.
//
// It works from the spec (which keeps `plain`, the $ref strings and the
// descriptions as written) after the spec has bound, so every reference here
// is known to resolve. Names and shapes:
//   - enum type T        -> `TValues` (a const tuple) and `T` (its union)
//   - object type T      -> `interface TInputs`
//   - resource           -> `interface RArgs`, `interface ROutputs`; components and
//                           custom resources listed apart (the plugin constructs the
//                           first and serves create/read/update/delete of the second)
//   - local resource ref -> pulumi.CustomResource
//   - `plain: true`      -> the bare type, else pulumi.Input<T> / pulumi.Output<T>
//   - aws resource ref   -> aws.<module>.<Resource>
func genSchemaTypes(spec schema.PackageSpec, aws *schema.Package) ([]byte, error) {
	g := &tsGen{spec: spec, aws: aws, names: map[string]string{}}
	if err := g.collectNames(); err != nil {
		return nil, err
	}
	return g.generate()
}

type tsGen struct {
	spec    schema.PackageSpec
	aws     *schema.Package
	names   map[string]string // TypeScript name -> token, to catch clashes
	usesAWS bool
}

func (g *tsGen) collectNames() error {
	claim := func(name, tok string) error {
		if other, ok := g.names[name]; ok {
			return fmt.Errorf("%s and %s both map to the TypeScript name %s", other, tok, name)
		}
		g.names[name] = tok
		return nil
	}
	for _, tok := range sortedKeys(g.spec.Types) {
		t := g.spec.Types[tok]
		name := tokenName(tok)
		if len(t.Enum) > 0 {
			if err := claim(name, tok); err != nil {
				return err
			}
			if err := claim(name+"Values", tok); err != nil {
				return err
			}
		} else if err := claim(name+"Inputs", tok); err != nil {
			return err
		}
	}
	for _, tok := range sortedKeys(g.spec.Resources) {
		name := tokenName(tok)
		if err := claim(name+"Args", tok); err != nil {
			return err
		}
		if err := claim(name+"Outputs", tok); err != nil {
			return err
		}
	}
	return nil
}

func (g *tsGen) generate() ([]byte, error) {
	var body bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&body, format, args...) }

	// Enums first: the interfaces below use their union types.
	for _, tok := range sortedKeys(g.spec.Types) {
		t := g.spec.Types[tok]
		if len(t.Enum) == 0 {
			continue
		}
		name := tokenName(tok)
		values := make([]string, len(t.Enum))
		var valueDocs []string
		for i, e := range t.Enum {
			b, err := json.Marshal(e.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: enum value %v: %w", tok, e.Value, err)
			}
			values[i] = string(b)
			if e.Description != "" {
				valueDocs = append(valueDocs, fmt.Sprintf("- %s: %s", values[i], e.Description))
			}
		}
		doc := t.Description
		if len(valueDocs) > 0 {
			doc += "\n\n" + strings.Join(valueDocs, "\n")
		}
		writeDoc(&body, "", doc, "")
		w("export const %sValues = [%s] as const;\n", name, strings.Join(values, ","))
		writeDoc(&body, "", t.Description, "")
		w("export type %s = (typeof %sValues)[number];\n\n", name, name)
	}

	for _, tok := range sortedKeys(g.spec.Types) {
		t := g.spec.Types[tok]
		if len(t.Enum) > 0 {
			continue
		}
		if t.Type != "object" {
			return nil, fmt.Errorf("type %s: only enum and object types are supported, not %q", tok, t.Type)
		}
		writeDoc(&body, "", t.Description, "")
		if err := g.writeInterface(&body, tokenName(tok)+"Inputs", t.Properties, t.Required, true); err != nil {
			return nil, fmt.Errorf("type %s: %w", tok, err)
		}
	}

	for _, tok := range sortedKeys(g.spec.Resources) {
		r := g.spec.Resources[tok]
		name := tokenName(tok)
		writeDoc(&body, "", fmt.Sprintf("The inputs of %s (%s).", name, tok), "")
		if err := g.writeInterface(&body, name+"Args", r.InputProperties, r.RequiredInputs, true); err != nil {
			return nil, fmt.Errorf("resource %s inputs: %w", tok, err)
		}
		writeDoc(&body, "", fmt.Sprintf("The outputs of %s (%s).", name, tok), "")
		if err := g.writeInterface(&body, name+"Outputs", r.Properties, r.Required, false); err != nil {
			return nil, fmt.Errorf("resource %s outputs: %w", tok, err)
		}
	}

	w("/** The type token of every resource in schema.yaml, keyed by its name. */\n")
	w("export const %sTypeTokens = {\n", camel(g.spec.Name))
	for _, tok := range sortedKeys(g.spec.Resources) {
		w("    %s: %q,\n", tokenName(tok), tok)
	}
	w("} as const;\n\n")

	// The token -> component map type the plugin's dispatch table is typed with: a
	// token added to the schema without a component (or a custom resource without
	// its handler) fails to compile there.
	w("/** Every component of schema.yaml by type token: its inputs and outputs. plugin/resources.ts must construct each. */\n")
	w("export interface %sComponents {\n", pascal(g.spec.Name))
	for _, tok := range sortedKeys(g.spec.Resources) {
		if !g.spec.Resources[tok].IsComponent {
			continue
		}
		name := tokenName(tok)
		w("    %q: { args: %sArgs; outputs: %sOutputs };\n", tok, name, name)
	}
	w("}\n\n")
	w("/** A component's type token in schema.yaml. */\n")
	w("export type %sTypeToken = keyof %sComponents;\n\n", pascal(g.spec.Name), pascal(g.spec.Name))
	w("/** Every custom resource of schema.yaml (served by the plugin's create/read/update/delete) by type token. plugin/resources.ts must handle each. */\n")
	w("export interface %sCustomResources {\n", pascal(g.spec.Name))
	for _, tok := range sortedKeys(g.spec.Resources) {
		if g.spec.Resources[tok].IsComponent {
			continue
		}
		name := tokenName(tok)
		w("    %q: { args: %sArgs; outputs: %sOutputs };\n", tok, name, name)
	}
	w("}\n\n")
	w("/** A custom resource's type token in schema.yaml. */\n")
	w("export type %sCustomResourceToken = keyof %sCustomResources;\n", pascal(g.spec.Name), pascal(g.spec.Name))

	var out bytes.Buffer
	fmt.Fprintf(&out, "// Code generated by %s from schema.yaml; DO NOT EDIT.\n", tool)
	out.WriteString("import * as pulumi from \"@pulumi/pulumi\";\n")
	if g.usesAWS {
		out.WriteString("import * as aws from \"@pulumi/aws\";\n")
	}
	out.WriteString("\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

func (g *tsGen) writeInterface(
	w *bytes.Buffer, name string, props map[string]schema.PropertySpec, required []string, input bool,
) error {
	req := map[string]bool{}
	for _, r := range required {
		if _, ok := props[r]; !ok {
			return fmt.Errorf("required property %q is not declared", r)
		}
		req[r] = true
	}
	fmt.Fprintf(w, "export interface %s {\n", name)
	for _, p := range sortedKeys(props) {
		prop := props[p]
		t, err := g.tsType(prop.TypeSpec, input)
		if err != nil {
			return fmt.Errorf("property %s: %w", p, err)
		}
		switch {
		case !input:
			t = "pulumi.Output<" + t + ">"
		case !prop.Plain:
			t = "pulumi.Input<" + t + ">"
		}
		optional := "?"
		if req[p] {
			optional = ""
		}
		deprecated := ""
		if prop.DeprecationMessage != "" {
			deprecated = "@deprecated " + prop.DeprecationMessage
		}
		writeDoc(w, "    ", prop.Description, deprecated)
		fmt.Fprintf(w, "    readonly %s%s: %s;\n", p, optional, t)
	}
	w.WriteString("}\n\n")
	return nil
}

// tsType is the TypeScript type of a schema type, without the Input/Output
// wrapper of the property holding it.
func (g *tsGen) tsType(t schema.TypeSpec, input bool) (string, error) {
	if t.Ref != "" {
		return g.refType(t.Ref, input)
	}
	if len(t.OneOf) > 0 {
		parts := make([]string, len(t.OneOf))
		for i, o := range t.OneOf {
			s, err := g.tsType(o, input)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, " | "), nil
	}
	switch t.Type {
	case "string":
		return "string", nil
	case "integer", "number":
		return "number", nil
	case "boolean":
		return "boolean", nil
	case "array":
		if t.Items == nil {
			return "", fmt.Errorf("array without items")
		}
		elem, err := g.tsType(*t.Items, input)
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(elem, " |<") {
			elem = "(" + elem + ")"
		}
		return elem + "[]", nil
	case "object":
		if t.AdditionalProperties == nil {
			return "", fmt.Errorf("object without additionalProperties")
		}
		elem, err := g.tsType(*t.AdditionalProperties, input)
		if err != nil {
			return "", err
		}
		return "Record<string, " + elem + ">", nil
	}
	return "", fmt.Errorf("unsupported type %q", t.Type)
}

func (g *tsGen) refType(ref string, input bool) (string, error) {
	switch ref {
	case "pulumi.json#/Any", "pulumi.json#/Json":
		return "any", nil
	case "pulumi.json#/Archive":
		return "pulumi.asset.Archive", nil
	case "pulumi.json#/Asset":
		return "pulumi.asset.Asset | pulumi.asset.Archive", nil
	}

	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("bad $ref %q: %w", ref, err)
	}
	frag := u.Fragment // url.Parse unescapes %2F in tokens
	if u.Path == "" {
		if tok, ok := strings.CutPrefix(frag, "/resources/"); ok {
			// A custom resource of this package (a component's child it exposes): the plugin holds a CustomResource of it.
			r, found := g.spec.Resources[tok]
			if !found {
				return "", fmt.Errorf("$ref %q: unknown resource", ref)
			}
			if r.IsComponent {
				return "", fmt.Errorf("$ref %q: only custom resources of this package can be referenced", ref)
			}
			return "pulumi.CustomResource", nil
		}
		tok, ok := strings.CutPrefix(frag, "/types/")
		if !ok {
			return "", fmt.Errorf("$ref %q: only #/types/ and #/resources/ local references are supported", ref)
		}
		t, ok := g.spec.Types[tok]
		if !ok {
			return "", fmt.Errorf("$ref %q: unknown type", ref)
		}
		if len(t.Enum) > 0 {
			return tokenName(tok), nil
		}
		if !input {
			return "", fmt.Errorf("$ref %q: object types in outputs have no TypeScript shape here yet", ref)
		}
		return tokenName(tok) + "Inputs", nil
	}

	// A cross-package reference, /<pkg>/v<version>/schema.json#/resources/<token>.
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) != 3 || segs[0] != g.aws.Name {
		return "", fmt.Errorf("$ref %q: only references to the %s package are supported", ref, g.aws.Name)
	}
	tok, ok := strings.CutPrefix(frag, "/resources/")
	if !ok {
		return "", fmt.Errorf("$ref %q: only resource references into %s are supported", ref, g.aws.Name)
	}
	if _, found := g.aws.GetResource(tok); !found {
		return "", fmt.Errorf("$ref %q: %s has no resource %s", ref, g.aws.Name, tok)
	}
	g.usesAWS = true
	return fmt.Sprintf("aws.%s.%s", g.aws.TokenToModule(tok), tokenName(tok)), nil
}

// tokenName is the member name of a type token: pkg:module:Name -> Name.
func tokenName(tok string) string {
	return tok[strings.LastIndex(tok, ":")+1:]
}

// camel turns a package name such as "secure-api" into "secureApi".
func camel(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' })
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// writeDoc writes a JSDoc comment; "*/" in the text would end it early.
func writeDoc(w *bytes.Buffer, indent, text, extra string) {
	var lines []string
	for _, part := range []string{text, extra} {
		part = strings.TrimSpace(part)
		if part != "" {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, strings.Split(part, "\n")...)
		}
	}
	if len(lines) == 0 {
		return
	}
	esc := func(s string) string { return strings.TrimRight(strings.ReplaceAll(s, "*/", "*\\/"), " ") }
	if len(lines) == 1 {
		fmt.Fprintf(w, "%s/** %s */\n", indent, esc(lines[0]))
		return
	}
	fmt.Fprintf(w, "%s/**\n", indent)
	for _, l := range lines {
		if l == "" {
			fmt.Fprintf(w, "%s *\n", indent)
		} else {
			fmt.Fprintf(w, "%s * %s\n", indent, esc(l))
		}
	}
	fmt.Fprintf(w, "%s */\n", indent)
}

// pascal turns "secure-api" into "SecureApi" (type names).
func pascal(s string) string {
	c := camel(s)
	return strings.ToUpper(c[:1]) + c[1:]
}
