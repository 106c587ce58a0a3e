// Package migratetool is the end-to-end check of credwrapper-migrate: the
// legacy programs under legacy/ (written the way real codebases use adal,
// azure/auth and the track-1 clients' own refreshers) are copied to a
// temporary module that does not require credwrapper, the tool built from
// this checkout fixes them, and the result is built and run against the fake
// cloud with no step in between. Each program must still do its job, now
// with tokens from azidentity where the tool fixed it, and with the same
// audience.
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

// programs are run before and after the fixes, and print what says they did
// their job; kvcallback, whose callback the tool only reports, is built but
// not run (the fake vault's host name resolves only inside the test
// process).
var programsOutput = map[string]string{
	"envauth":      "resource groups: 0",
	"fileauth":     "resource groups: 0",
	"adalsecret":   "resource groups: 0",
	"adalcert":     "resource groups: 0",
	"adalmsi":      "resource groups: 0",
	"blobaccount":  "storage token: true",
	"eventhubsjwt": "event hubs token: jwt true",
}

// run runs name in dir with env (nil: this process's) and returns its
// combined output and exit code.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	r := child.Run(t, 5*time.Minute, dir, env, name, args...)
	return r.Stdout + r.Stderr, r.Code
}

// sources returns the Go files, go.mod and go.sum under dir and their
// contents.
func sources(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.HasSuffix(p, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum") {
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
	// -buildvcs=false: a build from a checkout has no version of its own, and
	// the tool asks go get for the latest
	out, code := run(t, repo, nil, "go", "build", "-buildvcs=false", "-o", tool, "./cmd/credwrapper-migrate")
	require.Zero(t, code, out)

	// a module with copies of the legacy programs, requiring what this one
	// does but credwrapper. Its replace directive stands for the module proxy
	// a user's go get reaches (the test is offline): it gives
	// github.com/azcompat/credwrapper at any version from this checkout, and
	// requires nothing.
	app := filepath.Join(tmp, "app")
	require.NoError(t, os.CopyFS(app, os.DirFS("legacy")))
	mod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	require.NoError(t, err)
	gomod := strings.Replace(string(mod), "module github.com/azcompat/credwrapper/examples", "module example.com/legacyapp", 1)
	gomod = strings.Replace(gomod, "=> ../", "=> "+repo+"/", 1)
	sum, err := os.ReadFile(filepath.Join("..", "go.sum"))
	require.NoError(t, err)

	// The go commands below run offline. What they read comes first, through
	// this process's own proxy settings, so that the test passes on an empty
	// module cache too: in a copy of this module (credwrapper required), the
	// go.mod files of the whole module graph (go get reads some of versions
	// no build selects) and the modules the programs build with.
	fetch := filepath.Join(tmp, "fetch")
	require.NoError(t, os.MkdirAll(fetch, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(fetch, "go.mod"), []byte(gomod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(fetch, "go.sum"), sum, 0o644))
	for _, args := range [][]string{{"mod", "graph"}, {"mod", "download"}} {
		out, code := run(t, fetch, append(os.Environ(), goflags("-mod=mod")), "go", args...)
		require.Zero(t, code, "go %s\n%s", strings.Join(args, " "), out)
	}

	gomod = strings.Replace(gomod, "\tgithub.com/azcompat/credwrapper v0.0.0\n", "", 1)
	require.NotContains(t, gomod, "github.com/azcompat/credwrapper v", "the module does not require credwrapper")
	require.NoError(t, os.WriteFile(filepath.Join(app, "go.mod"), []byte(gomod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(app, "go.sum"), sum, 0o644))
	goEnv := append(os.Environ(), "GOPROXY=off", goflags("-mod=readonly"))

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

	// runAll builds the module and runs programs against the fake cloud; it
	// returns the Entra ID endpoint each program's last token came from, and
	// the token's audience.
	type token struct{ Endpoint, Audience string }
	runAll := func(stage string, programs ...string) map[string]token {
		bin := filepath.Join(tmp, "bin-"+stage)
		out, code := run(t, app, goEnv, "go", "build", "-o", bin+"/", "./...")
		require.Zero(t, code, "%s: the programs build\n%s", stage, out)
		tokens := map[string]token{}
		for _, p := range programs {
			before := len(fc.Entra.TokenRequestLog())
			out, code := run(t, app, append(append([]string(nil), env...), extra[p]...), filepath.Join(bin, p))
			require.Zero(t, code, "%s %s:\n%s", stage, p, out)
			assert.Contains(t, out, programsOutput[p], "%s %s does its job", stage, p)
			log := fc.Entra.TokenRequestLog()
			require.Greater(t, len(log), before, "%s %s asked Entra ID for a token", stage, p)
			tokens[p] = token{log[len(log)-1].Endpoint, strings.TrimSuffix(log[len(log)-1].Audience(), "/")}
		}
		return tokens
	}
	const arm, account, eventHubs = "https://management.azure.com", "https://myaccount.blob.core.windows.net", "https://eventhubs.azure.net"

	// adalmsi is not run before: adal's managed identity would try the real
	// instance metadata service
	before := runAll("before", "envauth", "fileauth", "adalsecret", "adalcert", "blobaccount", "eventhubsjwt")
	assert.Equal(t, map[string]token{
		"envauth": {"v1", arm}, "fileauth": {"v1", arm}, "adalsecret": {"v1", arm}, "adalcert": {"v1", arm},
		"blobaccount": {"v1", account}, "eventhubsjwt": {"v1", eventHubs},
	}, before, "adal's own requests")

	// report: nothing changes, go.mod included
	original := sources(t, app)
	out, code = run(t, app, goEnv, tool, "./...")
	assert.Equal(t, 3, code, "diagnostics reported\n%s", out)
	for _, want := range []string{"drop-in twin", "adal.NewServicePrincipalToken builds", "adal.NewServicePrincipalTokenFromCertificate builds",
		"adal.NewServicePrincipalTokenFromManagedIdentity builds", "kvcallback/main.go:18:22: autorest.NewBearerAuthorizerCallback probes the service before every request",
		"blobaccount/main.go:38:9: azblob.NewTokenCredential with a refresher written by hand: use legacyblob.NewCredential(w, opts)",
		`this file builds the account's own resource (from "blob.core.windows.net"): keep that audience with legacyblob.Options{Scope: credwrapper.ScopeFromResource(resource)}`,
		"eventhubsjwt/main.go:17:19: aad.NewJWTProvider (amqp-common v4) gets its tokens through adal: use legacyeventhubs.NewTokenProvider(w, opts)"} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "credwrappermigrate", "the command's name is credwrapper-migrate")
	assert.Equal(t, original, sources(t, app), "a report changes nothing")

	// fix: the tool adds the requirement itself
	out, code = run(t, app, goEnv, tool, "-fix", "./...")
	require.Contains(t, []int{0, 3}, code, out)
	assert.Contains(t, out, "credwrapper-migrate: the fixed code imports github.com/azcompat/credwrapper/auth, which go.mod did not require: go get github.com/azcompat/credwrapper/auth@latest")
	fixed := sources(t, app)
	// go.mod gains exactly the requirement, direct: the module already
	// requires everything else credwrapper needs, at versions high enough
	added, removed := lineDiff(original["go.mod"], fixed["go.mod"])
	assert.Empty(t, removed, "no line of go.mod changed or went")
	if assert.Len(t, added, 1, "one line added to go.mod") {
		assert.Regexp(t, `^\tgithub.com/azcompat/credwrapper v\S+$`, added[0], "a direct requirement")
	}
	assert.NotContains(t, out, "besides requiring", "nothing else changed in go.mod")
	for name, src := range fixed {
		assert.NotContains(t, src, `"github.com/Azure/go-autorest/autorest/azure/auth"`, name)
		assert.NotContains(t, src, "adal.NewServicePrincipalToken(", name)
		assert.NotContains(t, src, "adal.NewServicePrincipalTokenFromManagedIdentity(", name)
	}
	assert.NotContains(t, fixed["adalmsi/main.go"], `"github.com/Azure/go-autorest/autorest/adal"`, "the unused adal import went")
	assert.Contains(t, fixed["kvcallback/main.go"], "autorest.NewBearerAuthorizerCallback(", "reported, left to a person")
	assert.Contains(t, fixed["blobaccount/main.go"], "azblob.NewTokenCredential(", "reported, left to a person")
	assert.Equal(t, original["eventhubsjwt/main.go"], fixed["eventhubsjwt/main.go"], "reported, left to a person")
	t.Logf("fixed adalsecret:\n%s", fixed["adalsecret/main.go"])

	// a second run changes nothing, go.mod included, and reports nothing fixable
	out, code = run(t, app, goEnv, tool, "-fix", "./...")
	assert.Contains(t, []int{0, 3}, code, out)
	assert.NotContains(t, out, "go get")
	assert.Equal(t, fixed, sources(t, app), "idempotent")
	out, _ = run(t, app, goEnv, tool, "./...")
	assert.NotContains(t, out, "drop-in twin")
	assert.NotContains(t, out, "builds a token refreshed by adal")

	after := runAll("after", "envauth", "fileauth", "adalsecret", "adalcert", "adalmsi", "blobaccount", "eventhubsjwt")
	assert.Equal(t, map[string]token{
		"envauth": {"v2", arm}, "fileauth": {"v2", arm}, "adalsecret": {"v2", arm}, "adalcert": {"v2", arm}, "adalmsi": {"msi", arm},
		"blobaccount": {"v2", account}, "eventhubsjwt": {"v1", eventHubs},
	}, after, "tokens from azidentity where the tool fixed the code, for the same audiences")
}

// lineDiff returns the lines of after that before lacks, and those of before
// that after lacks, each line counted as often as it appears.
func lineDiff(before, after string) (added, removed []string) {
	count := map[string]int{}
	for _, l := range strings.Split(before, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(after, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		added = append(added, l)
	}
	for _, l := range strings.Split(before, "\n") {
		if count[l] > 0 {
			count[l]--
			removed = append(removed, l)
		}
	}
	return added, removed
}

// goflags is the GOFLAGS variable of this process (-modcacherw, say) with
// flag added.
func goflags(flag string) string {
	return "GOFLAGS=" + strings.TrimSpace(os.Getenv("GOFLAGS")+" "+flag)
}
