// Package realcallers holds programs in the shape of real callers of
// go-autorest's azure/auth, with only the import path changed to
// credwrapper/auth. The tests build each one and run it, unchanged, in a
// child process pointed at the credwrappertest fake cloud through the
// environment alone (credwrappertest.Cloud.Environ).
package realcallers

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/internal/child"
)

var bin string // the directory of the built programs

func TestMain(m *testing.M) {
	// The child processes trust the fake cloud through SSL_CERT_FILE, which
	// Go honours on Linux and the BSDs only (macOS and Windows verify with
	// the system's own store).
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "android", "plan9":
		msg := "realcallers: SSL_CERT_FILE is not honoured on " + runtime.GOOS + "; these tests run on Linux"
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, msg)
			os.Exit(1)
		}
		fmt.Println("skipping:", msg)
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "realcallers")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = dir
	build := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "./blockstore", "./provisioner", "./headerreader", "./autoscaler")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the programs: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	if code == 0 {
		// as goleak.VerifyTestMain does, after the clean-up above
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: errors on successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// environ is the clean environment plus the fake cloud's.
func environ(t *testing.T, fc *credwrappertest.Cloud) []string {
	t.Helper()
	fake, err := fc.Environ(t.TempDir())
	require.NoError(t, err)
	return append(child.CleanEnviron(), fake...)
}

type result = child.Result

// run runs a program with env plus extra (later entries win).
func run(t *testing.T, program string, env []string, extra ...string) result {
	t.Helper()
	r := child.Run(t, 45*time.Second, "", append(append([]string(nil), env...), extra...), filepath.Join(bin, program))
	t.Logf("%s: exit %d\nstdout:\n%sstderr:\n%s", program, r.Code, r.Stdout, r.Stderr)
	return r
}

// requireAllAuthenticated checks that every request ARM received carried a
// valid token from the fake Entra ID.
func requireAllAuthenticated(t *testing.T, fc *credwrappertest.Cloud) {
	t.Helper()
	reqs := fc.ARM.Requests()
	require.NotEmpty(t, reqs)
	assert.Zero(t, fc.ARM.Unauthenticated())
	assert.Empty(t, fc.ARM.Rejected())
}

func TestBlockStoreKeepsBearerAuthorizer(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	r := run(t, "blockstore", environ(t, fc))
	require.Zero(t, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "resource group: backups")
	requireAllAuthenticated(t, fc)
	assert.Equal(t, 1, fc.Entra.TokenRequests(), "one token for both requests")
	log := fc.Entra.TokenRequestLog()
	assert.Equal(t, "v2", log[0].Endpoint, "from azidentity, not adal")
}

func TestProvisionerReadsExpiry(t *testing.T) {
	t.Run("service principal", func(t *testing.T) {
		fc := credwrappertest.NewTest(t, nil)
		before := time.Now()
		r := run(t, "provisioner", environ(t, fc))
		require.Zero(t, r.Code, r.Stderr)
		assert.Contains(t, r.Stdout, "source: service principal\n")
		assert.Contains(t, r.Stdout, "renews: yes\n")
		assertExpiry(t, r.Stdout, before.Add(time.Hour))
		assert.Contains(t, r.Stdout, "provisioned")
		requireAllAuthenticated(t, fc)
		assert.Equal(t, 1, fc.Entra.TokenRequests())
	})
	t.Run("Azure CLI", func(t *testing.T) {
		fc := credwrappertest.NewTest(t, nil)
		az := fakeAzureCLI(t, fc, 50*time.Minute)
		before := time.Now()
		r := run(t, "provisioner", environ(t, fc), "AZURE_CLIENT_SECRET=", "PATH="+az+string(os.PathListSeparator)+os.Getenv("PATH"))
		require.Zero(t, r.Code, r.Stderr)
		assert.Contains(t, r.Stdout, "source: Azure CLI\n")
		assert.Contains(t, r.Stdout, "renews: no (authenticate again before ")
		assertExpiry(t, r.Stdout, before.Add(50*time.Minute))
		requireAllAuthenticated(t, fc)
		assert.Zero(t, fc.Entra.TokenRequests(), "the token came from az")
	})
}

// assertExpiry finds the "expires:" line and checks it is near want.
func assertExpiry(t *testing.T, stdout string, want time.Time) {
	t.Helper()
	for line := range strings.Lines(stdout) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "expires: "); ok {
			got, err := time.Parse(time.RFC3339, v)
			require.NoError(t, err)
			// the program starts after want was computed; a minute bounds
			// how long it may take to start on a busy machine
			assert.WithinRange(t, got, want.Add(-2*time.Second), want.Add(time.Minute))
			return
		}
	}
	t.Fatalf("no expires: line in %q", stdout)
}

// fakeAzureCLI writes an `az` that prints a token minted by the fake Entra
// ID, expiring after lifetime, and returns its directory.
func fakeAzureCLI(t *testing.T, fc *credwrappertest.Cloud, lifetime time.Duration) string {
	t.Helper()
	tok, err := fc.Entra.IssueToken(credwrappertest.TokenOptions{Scope: "https://management.azure.com//.default", Lifetime: lifetime})
	require.NoError(t, err)
	secs := int(lifetime / time.Second)
	dir := t.TempDir()
	script := fmt.Sprintf(`#!/bin/sh
exp=$(( $(date +%%s) + %d ))
cat <<JSON
{"accessToken": %q, "expires_on": $exp, "expiresOn": "$(date -d @$exp '+%%Y-%%m-%%d %%H:%%M:%%S.000000')", "subscription": %q, "tenant": %q, "tokenType": "Bearer"}
JSON
`, secs, tok, fc.SubscriptionID, fc.TenantID)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o755))
	return dir
}

func TestHeaderReaderPreparesEmptyRequest(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	r := run(t, "headerreader", environ(t, fc))
	require.Zero(t, r.Code, r.Stderr)
	assert.Contains(t, r.Stdout, "status: 200\n")
	assert.Contains(t, r.Stdout, "subscription: "+fc.SubscriptionID)
	requireAllAuthenticated(t, fc)
}

// The autoscaler ignores the constructor's error. Where go-autorest accepted
// the configuration, so does the twin, and the first request reports the
// reason; nothing reaches ARM without a token, and nothing panics.
func TestAutoscalerIgnoresConstructorErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra []string
		want  string // in stderr; "" means success
	}{
		{"a working configuration", nil, ""},
		{"a client refused by Entra ID", nil, "invalid_client"},
		{"no tenant", []string{"AZURE_TENANT_ID="}, "tenant"},
		{"a resource that is not a URI", []string{"AZURE_AD_RESOURCE=my-resource"}, "my-resource"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := credwrappertest.NewTest(t, nil)
			if tc.want == "invalid_client" {
				fc.Entra.SetDefault(&credwrappertest.Reply{Status: 400, Error: "invalid_client"})
			}
			r := run(t, "autoscaler", environ(t, fc), tc.extra...)
			if tc.want == "" {
				require.Zero(t, r.Code, r.Stderr)
				assert.Contains(t, r.Stdout, "resource groups: 0")
				requireAllAuthenticated(t, fc)
				return
			}
			assert.Equal(t, 1, r.Code)
			assert.Contains(t, r.Stderr, tc.want)
			assert.Contains(t, r.Stderr, "Failed to refresh the Token", "the authorizer reported it, not ARM")
			assert.NotContains(t, r.Stderr, "panic")
			assert.NotContains(t, r.Stderr, fc.ClientSecret)
			assert.Zero(t, fc.ARM.Unauthenticated(), "no request went out without a token")
			assert.Empty(t, fc.ARM.Requests())
		})
	}
}
