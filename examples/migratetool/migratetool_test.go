// Package migratetool is the end-to-end check of credwrapper-migrate: the
// legacy programs under legacy/ (written the way real codebases use adal and
// azure/auth) are copied to a temporary module, the tool built from this
// checkout fixes them, and the result is built and run against the fake
// cloud. Each program must still do its job, now with tokens from azidentity.
package migratetool

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/internal/child"
)

// programs are run before and after the fixes; kvcallback, whose callback
// the tool only reports, is built but not run (the fake vault's host name
// resolves only inside the test process).
var programs = []string{"envauth", "fileauth", "adalsecret", "adalcert", "adalmsi"}

// run runs name in dir with env (nil: this process's) and returns its
// combined output and exit code.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	r := child.Run(t, 5*time.Minute, dir, env, name, args...)
	return r.Stdout + r.Stderr, r.Code
}

// sources returns the Go files under dir and their contents.
func sources(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".go") {
			b, err := os.ReadFile(p)
			out[strings.TrimPrefix(p, dir+"/")] = string(b)
			return err
		}
		return err
	}))
	return out
}

func TestMigrateLegacyPrograms(t *testing.T) {
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "android", "plan9":
		msg := "the programs trust the fake cloud through SSL_CERT_FILE, which Go honours on Linux and the BSDs only"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	tmp := t.TempDir()
	tool := filepath.Join(tmp, "credwrapper-migrate")
	out, code := run(t, repo, nil, "go", "build", "-o", tool, "./cmd/credwrapper-migrate")
	require.Zero(t, code, out)

	// a module with copies of the legacy programs, requiring what this one does
	app := filepath.Join(tmp, "app")
	require.NoError(t, os.CopyFS(app, os.DirFS("legacy")))
	mod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	require.NoError(t, err)
	gomod := strings.Replace(string(mod), "module github.com/azcompat/credwrapper/examples", "module example.com/legacyapp", 1)
	gomod = strings.Replace(gomod, "=> ../", "=> "+repo+"/", 1)
	require.NoError(t, os.WriteFile(filepath.Join(app, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join("..", "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(app, "go.sum"), sum, 0o644))

	fc := credwrappertest.NewTest(t, nil)
	env, err := fc.Environ(t.TempDir())
	require.NoError(t, err)
	authFile := filepath.Join(t.TempDir(), "sdkauth.json")
	b, err := json.Marshal(map[string]string{
		"clientId": fc.ClientID, "clientSecret": fc.ClientSecret, "tenantId": fc.TenantID,
		"subscriptionId": fc.SubscriptionID, "activeDirectoryEndpointUrl": fc.Entra.URL + "/",
	})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(authFile, b, 0o600))
	env = append(append(child.CleanEnviron(), env...),
		"ARM_ENDPOINT="+fc.ARM.URL+"/", "AAD_ENDPOINT="+fc.Entra.URL+"/", "AZURE_AUTH_LOCATION="+authFile)
	pfx, err := filepath.Abs(filepath.Join(repo, "auth", "testdata", "certificate_encrypted_key.pfx"))
	require.NoError(t, err)
	extra := map[string][]string{
		"adalcert": {"AZURE_CERTIFICATE_PATH=" + pfx, "AZURE_CERTIFICATE_PASSWORD=password"},
		"adalmsi":  {"IDENTITY_ENDPOINT=" + fc.ManagedIdentityEndpoint(), "IDENTITY_HEADER=" + credwrappertest.IdentityHeader},
	}

	// runAll builds the module and runs every program against the fake cloud;
	// it returns the endpoint of Entra ID each program's token came from.
	runAll := func(stage string, programs ...string) map[string]string {
		bin := filepath.Join(tmp, "bin-"+stage)
		out, code := run(t, app, nil, "go", "build", "-o", bin+"/", "./...")
		require.Zero(t, code, "%s: the programs build\n%s", stage, out)
		endpoints := map[string]string{}
		for _, p := range programs {
			before := len(fc.Entra.TokenRequestLog())
			out, code := run(t, app, append(append([]string(nil), env...), extra[p]...), filepath.Join(bin, p))
			require.Zero(t, code, "%s %s:\n%s", stage, p, out)
			assert.Contains(t, out, "resource groups: 0", "%s %s does its job", stage, p)
			log := fc.Entra.TokenRequestLog()
			require.Greater(t, len(log), before, "%s %s asked Entra ID for a token", stage, p)
			endpoints[p] = log[len(log)-1].Endpoint
		}
		return endpoints
	}

	// adalmsi is not run before: adal's managed identity would try the real
	// instance metadata service
	before := runAll("before", "envauth", "fileauth", "adalsecret", "adalcert")
	assert.Equal(t, map[string]string{"envauth": "v1", "fileauth": "v1", "adalsecret": "v1", "adalcert": "v1"}, before, "adal's own requests")

	// report, then fix
	out, code = run(t, app, nil, tool, "./...")
	assert.Equal(t, 3, code, "diagnostics reported\n%s", out)
	for _, want := range []string{"drop-in twin", "adal.NewServicePrincipalToken builds", "adal.NewServicePrincipalTokenFromCertificate builds",
		"adal.NewServicePrincipalTokenFromManagedIdentity builds", "kvcallback/main.go:18:22: autorest.NewBearerAuthorizerCallback probes the service before every request"} {
		assert.Contains(t, out, want)
	}
	out, code = run(t, app, nil, tool, "-fix", "./...")
	require.Contains(t, []int{0, 3}, code, out)
	fixed := sources(t, app)
	for name, src := range fixed {
		assert.NotContains(t, src, `"github.com/Azure/go-autorest/autorest/azure/auth"`, name)
		assert.NotContains(t, src, "adal.NewServicePrincipalToken(", name)
		assert.NotContains(t, src, "adal.NewServicePrincipalTokenFromManagedIdentity(", name)
	}
	assert.NotContains(t, fixed["adalmsi/main.go"], `"github.com/Azure/go-autorest/autorest/adal"`, "the unused adal import went")
	assert.Contains(t, fixed["kvcallback/main.go"], "autorest.NewBearerAuthorizerCallback(", "reported, left to a person")
	t.Logf("fixed adalsecret:\n%s", fixed["adalsecret/main.go"])

	// a second run changes nothing and reports nothing fixable
	out, code = run(t, app, nil, tool, "-fix", "./...")
	assert.Contains(t, []int{0, 3}, code, out)
	assert.Equal(t, fixed, sources(t, app), "idempotent")
	out, _ = run(t, app, nil, tool, "./...")
	assert.NotContains(t, out, "drop-in twin")
	assert.NotContains(t, out, "builds a token refreshed by adal")

	after := runAll("after", programs...)
	assert.Equal(t, map[string]string{"envauth": "v2", "fileauth": "v2", "adalsecret": "v2", "adalcert": "v2", "adalmsi": "msi"}, after, "tokens from azidentity")
}
