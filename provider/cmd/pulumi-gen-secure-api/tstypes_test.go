package main

import (
	"strings"
	"testing"
)

// A small schema exercising every mapping rule of schema-types.ts.
const tsSpec = `
name: demo-pkg
version: 1.0.0
types:
  demo-pkg:index:Color:
    type: string
    description: A colour.
    enum:
    - value: red
      description: Warm.
    - value: blue
  demo-pkg:index:Box:
    type: object
    description: A box.
    properties:
      size:
        type: integer
        plain: true
        description: 'Edge length; */ must not end this comment.'
      color:
        $ref: '#/types/demo-pkg:index:Color'
        description: Its colour.
    required: [size]
resources:
  demo-pkg:index:Thing:
    isComponent: true
    inputProperties:
      boxes:
        type: array
        items:
          $ref: '#/types/demo-pkg:index:Box'
        plain: true
      labels:
        type: object
        additionalProperties:
          type: string
      fn:
        $ref: /aws/v7.41.0/schema.json#/resources/aws:lambda%2Ffunction:Function
        plain: true
      anything:
        $ref: pulumi.json#/Any
      old:
        type: boolean
        deprecationMessage: Use new.
    requiredInputs: [boxes]
    properties:
      api:
        $ref: /aws/v7.41.0/schema.json#/resources/aws:apigateway%2FrestApi:RestApi
      note:
        type: string
      watcher:
        $ref: '#/resources/demo-pkg:index:Watcher'
    required: [api]
  demo-pkg:index:Watcher:
    inputProperties:
      target:
        type: string
    requiredInputs: [target]
    properties:
      target:
        type: string
      seen:
        type: array
        items:
          type: string
    required: [target, seen]
`

func TestSchemaTypesMapping(t *testing.T) {
	spec, err := parseSpec([]byte(tsSpec))
	if err != nil {
		t.Fatal(err)
	}
	loader := newOfflineLoader()
	if _, err := bind(spec, loader); err != nil {
		t.Fatalf("the test schema must bind: %v", err)
	}
	aws, err := loader.load("aws", nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := genSchemaTypes(spec, aws)
	if err != nil {
		t.Fatal(err)
	}
	ts := string(out)
	for _, want := range []string{
		`import * as aws from "@pulumi/aws";`,
		`export const ColorValues = ["red","blue"] as const;`,
		`export type Color = (typeof ColorValues)[number];`,
		` * - "red": Warm.`,
		"export interface BoxInputs {",
		"    readonly size: number;",                  // plain + required
		"    readonly color?: pulumi.Input<Color>;",   // enum ref, not plain
		`Edge length; *\/ must not end this comment.`, // escaped doc
		"export interface ThingArgs {",
		"    readonly boxes: BoxInputs[];", // plain array of objects
		"    readonly labels?: pulumi.Input<Record<string, string>>;",
		"    readonly fn?: aws.lambda.Function;", // plain aws ref
		"    readonly anything?: pulumi.Input<any>;",
		"@deprecated Use new.",
		"export interface ThingOutputs {",
		"    readonly api: pulumi.Output<aws.apigateway.RestApi>;",
		"    readonly note?: pulumi.Output<string>;",
		"    readonly watcher?: pulumi.Output<pulumi.CustomResource>;", // local custom resource ref
		`export const demoPkgTypeTokens = {`,
		`    Thing: "demo-pkg:index:Thing",`,
		`    Watcher: "demo-pkg:index:Watcher",`,
		"export interface DemoPkgComponents {\n    \"demo-pkg:index:Thing\": { args: ThingArgs; outputs: ThingOutputs };\n}",
		"export interface DemoPkgCustomResources {\n    \"demo-pkg:index:Watcher\": { args: WatcherArgs; outputs: WatcherOutputs };\n}",
		"export type DemoPkgCustomResourceToken = keyof DemoPkgCustomResources;",
	} {
		if !strings.Contains(ts, want) {
			t.Errorf("schema-types.ts lacks %q; got:\n%s", want, ts)
		}
	}
}

func TestSchemaTypesRejectsUnsupportedShapes(t *testing.T) {
	spec, err := parseSpec([]byte(strings.Replace(tsSpec,
		"      note:\n        type: string",
		"      note:\n        $ref: '#/types/demo-pkg:index:Box'", 1)))
	if err != nil {
		t.Fatal(err)
	}
	aws, err := newOfflineLoader().load("aws", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := genSchemaTypes(spec, aws); err == nil || !strings.Contains(err.Error(), "property note") {
		t.Fatalf("an object type in outputs must be an error naming the property, got %v", err)
	}
}
