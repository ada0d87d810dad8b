// OpenAPI definition helper of the secure-api SDK. This file is not generated from
// schema.yaml: `make gen` copies it from
// provider/cmd/pulumi-gen-secure-api/overlays/go/_openApiDefinition.go into
// sdk/go/secureapi/openApiDefinition.go (edit it there).

package secureapi

import (
	"fmt"
	"os"
	"path/filepath"
)

// OpenApiDefinitionFromFile returns the text of an OpenAPI 3.0 or Swagger 2.0
// definition file (JSON or YAML) for the OpenApiDefinition input of
// SecureRestApi or IAMSecureRestApi. A relative path is read from the
// program's directory (the working directory Pulumi runs it in). The
// component parses and checks it when it is constructed (at pulumi preview).
//
//	def, err := secureapi.OpenApiDefinitionFromFile("openapi.yaml")
//	if err != nil {
//		return err
//	}
//	_, err = secureapi.NewSecureRestApi(ctx, "api", &secureapi.SecureRestApiArgs{OpenApiDefinition: def})
func OpenApiDefinitionFromFile(path string) (string, error) {
	resolved, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("OpenApiDefinitionFromFile: %w", err)
	}
	text, err := os.ReadFile(resolved)
	if err != nil {
		return "", fmt.Errorf("OpenApiDefinitionFromFile: cannot read %q: %w", resolved, err)
	}
	return string(text), nil
}
