package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A module at stage 1, before -fix: go 1.26, an old x/crypto.
const stage1Mod = `module example.com/app

go 1.26

require (
	github.com/Azure/go-autorest/autorest v0.11.28
	github.com/Azure/go-autorest/autorest/azure/auth v0.5.13
)

require (
	github.com/Azure/go-autorest/autorest/adal v0.9.22 // indirect
	golang.org/x/crypto v0.17.0 // indirect
	golang.org/x/sys v0.60.0 // indirect
)
`

// What go get github.com/azcompat/credwrapper/auth@v1.0.0 writes: the
// requirement indirect, and what minimal version selection needs.
const afterGoGet = `module example.com/app

go 1.26.0

require (
	github.com/Azure/go-autorest/autorest v0.11.28
	github.com/Azure/go-autorest/autorest/azure/auth v0.5.13
)

require (
	github.com/Azure/azure-sdk-for-go/sdk/azcore v1.18.0 // indirect
	github.com/Azure/go-autorest/autorest/adal v0.9.22 // indirect
	github.com/azcompat/credwrapper v1.0.0 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.60.0 // indirect
)
`

func TestRequireDirectly(t *testing.T) {
	got, err := requireDirectly("go.mod", []byte(afterGoGet))
	require.NoError(t, err)
	assert.Equal(t, `module example.com/app

go 1.26.0

require (
	github.com/Azure/go-autorest/autorest v0.11.28
	github.com/Azure/go-autorest/autorest/azure/auth v0.5.13
	github.com/azcompat/credwrapper v1.0.0
)

require (
	github.com/Azure/azure-sdk-for-go/sdk/azcore v1.18.0 // indirect
	github.com/Azure/go-autorest/autorest/adal v0.9.22 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.60.0 // indirect
)
`, string(got))

	same, err := requireDirectly("go.mod", got)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(same), "a direct requirement stays as it is")

	_, err = requireDirectly("go.mod", []byte("module\n"))
	assert.ErrorContains(t, err, "go.mod:")
}

func TestModChanges(t *testing.T) {
	direct, err := requireDirectly("go.mod", []byte(afterGoGet))
	require.NoError(t, err)
	for _, tc := range []struct {
		name          string
		before, after string
		want          []string
	}{
		{"only the requirement", stage1Mod, stage1Mod[:len(stage1Mod)-2] + "\tgithub.com/azcompat/credwrapper v1.0.0\n)\n", nil},
		{"what minimal version selection needs", stage1Mod, string(direct), []string{
			"go 1.26 => 1.26.0",
			"added github.com/Azure/azure-sdk-for-go/sdk/azcore v1.18.0",
			"raised golang.org/x/crypto v0.17.0 => v0.59.0",
		}},
		{"dropped and lowered", string(direct), stage1Mod, []string{
			"go 1.26.0 => 1.26",
			"dropped github.com/Azure/azure-sdk-for-go/sdk/azcore v1.18.0",
			"lowered golang.org/x/crypto v0.59.0 => v0.17.0",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := modChanges("go.mod", []byte(tc.before), []byte(tc.after))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
