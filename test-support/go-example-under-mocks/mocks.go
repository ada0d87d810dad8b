// Runs a Go Pulumi program under Pulumi's mocks and prints one line,
// RESULT {"components": [...]}: each secure-api component as the Go SDK sends it
// (type, name, inputs; a resource input as {"$resource": its name}).
// test-support/exampleComponents.ts copies this file beside a copy of the
// program's main.go whose pulumi.Run is renamed runUnderMocks, and runs both.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type mocks struct {
	mu         sync.Mutex
	components []map[string]any
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if strings.HasPrefix(args.TypeToken, "secure-api:") {
		inputs := args.Inputs.MapRepl(nil, func(v resource.PropertyValue) (any, bool) {
			if v.IsResourceReference() {
				return map[string]any{"$resource": v.ResourceReferenceValue().URN.Name()}, true
			}
			return nil, false
		})
		m.mu.Lock()
		m.components = append(m.components, map[string]any{"type": args.TypeToken, "name": args.Name, "inputs": inputs})
		m.mu.Unlock()
	}
	return args.Name + "-id", args.Inputs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected invoke %s", args.Token)
}

func runUnderMocks(program pulumi.RunFunc) {
	m := &mocks{}
	if err := pulumi.RunErr(program, pulumi.WithMocks("secure-api-example", "dev", m)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := json.Marshal(map[string]any{"components": m.components})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("RESULT " + string(out))
}
