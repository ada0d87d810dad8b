// Builds the real `pulumi` CLI from the Go module proxy for the real-engine
// suite (no release binary can be downloaded on our machines). See
// scripts/tool.sh (tool pulumi).
module github.com/pulumi-secure-api/pulumi-secure-api/test-support/pulumi-cli

go 1.25.11

require github.com/pulumi/pulumi/pkg/v3 v3.258.0

// pkg/v3's own go.mod carries this replace; replaces do not propagate to
// dependents, so the build repeats it.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
