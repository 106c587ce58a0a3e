// Package corpustest runs the programs of the stage-2 corpus against the
// credwrappertest fake cloud and compares their requests with a recording
// kept in the program's testdata directory.
package corpustest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/examples/stage2/corpus"
)

var update = flag.Bool("update", false, "rewrite the recordings in testdata")

// RecordingFile is where a program's recording is kept, relative to its
// package directory.
const RecordingFile = "testdata/recording.json"

// NewCloud starts a fake cloud that completes long-running operations as
// Azure does for the corpus's resource types (storage accounts through
// Location, networks, VMs and deployments through Azure-AsyncOperation, one
// InProgress poll each) and pages lists two items at a time.
func NewCloud(t testing.TB) *credwrappertest.Cloud {
	t.Helper()
	fc := credwrappertest.NewTest(t, nil)
	rm := fc.ARM.Resources
	rm.SetPageSize(2)
	rm.SetInProgressPolls(1)
	fc.KeyVault.SetPageSize(2)
	for target, mode := range map[string]credwrappertest.LRO{
		"PUT Microsoft.Storage/storageAccounts":           credwrappertest.Location,
		"Microsoft.Resources/deployments":                 credwrappertest.AsyncOperation,
		"Microsoft.Network/virtualNetworks":               credwrappertest.AsyncOperation,
		"Microsoft.Network/publicIPAddresses":             credwrappertest.AsyncOperation,
		"Microsoft.Network/networkInterfaces":             credwrappertest.AsyncOperation,
		"Microsoft.Compute/virtualMachines":               credwrappertest.AsyncOperation,
		"Microsoft.Compute/virtualMachines/start":         credwrappertest.AsyncOperation,
		"Microsoft.Compute/virtualMachines/powerOff":      credwrappertest.AsyncOperation,
		"Microsoft.Compute/virtualMachines/deallocate":    credwrappertest.AsyncOperation,
		"Microsoft.Network/virtualNetworks/subnets":       credwrappertest.AsyncOperation,
		"DELETE Microsoft.Network/publicIPAddresses":      credwrappertest.Location,
		"DELETE Microsoft.Compute/virtualMachines":        credwrappertest.Location,
		"DELETE Microsoft.Resources/deployments":          credwrappertest.Location,
		"PATCH Microsoft.Compute/virtualMachines":         credwrappertest.AsyncOperation,
		"PATCH Microsoft.Network/virtualNetworks":         credwrappertest.AsyncOperation,
		"PATCH Microsoft.Storage/storageAccounts":         credwrappertest.Synchronous,
		"DELETE Microsoft.Storage/storageAccounts":        credwrappertest.Synchronous,
		"POST Microsoft.Storage/storageAccounts/listKeys": credwrappertest.Synchronous,
	} {
		rm.SetLRO(target, mode)
	}
	rm.SetAction("Microsoft.Storage/checkNameAvailability", map[string]any{"nameAvailable": true})
	rm.SetAction("Microsoft.Storage/storageAccounts/listKeys", map[string]any{"keys": []any{
		map[string]any{"keyName": "key1", "permissions": "FULL", "value": "ZmFrZS1rZXktMQ=="},
		map[string]any{"keyName": "key2", "permissions": "FULL", "value": "ZmFrZS1rZXktMg=="},
	}})
	return fc
}

// Env returns the environment of a program run against fc: its Resource
// Manager and vault, and a credwrapper over a real azidentity credential
// of the fake Entra ID.
func Env(t testing.TB, fc *credwrappertest.Cloud) corpus.Env {
	t.Helper()
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	// TenantID: the vault's challenge names the tenant, and the Key Vault
	// clients ask for it by name. EnableCAE: the new clients ask for CAE
	// tokens, so both sides share one token.
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, TenantID: fc.TenantID, EnableCAE: true})
	require.NoError(t, err)
	return corpus.Env{
		SubscriptionID:  fc.SubscriptionID,
		ResourceManager: fc.ARM.URL,
		VaultURL:        fc.KeyVault.URL,
		Location:        "westeurope",
		Credential:      w,
		Sender:          fc.Client(),
	}
}

// Run runs program against fc, with a one-minute deadline, and returns its
// recording.
func Run(t testing.TB, fc *credwrappertest.Cloud, program func(context.Context, corpus.Env) error) credwrappertest.Recording {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env := Env(t, fc)
	fc.Traffic.Reset()
	require.NoError(t, program(ctx, env))
	return fc.Traffic.Recording()
}

// Check compares rec with the recording in dir's RecordingFile (written
// there instead with go test -update) and fails t with the diff if they
// differ. api-version differences are logged.
func Check(t testing.TB, dir string, rec credwrappertest.Recording) {
	t.Helper()
	path := filepath.Join(dir, RecordingFile)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, Marshal(rec), 0o644))
		t.Logf("wrote %s (%d requests)", path, len(rec))
		return
	}
	want := Load(t, path)
	c := credwrappertest.Compare(want, rec)
	seen := map[string]bool{}
	for _, v := range c.APIVersions {
		if _, change, ok := strings.Cut(v, ": "); ok && !seen[change] {
			seen[change] = true
			t.Logf("api-version %s", change)
		}
	}
	if !c.Equal {
		t.Fatalf("the program's requests differ from %s (- recorded, + now):\n%s", path, c.Diff)
	}
}

// Load reads a recording written by Check.
func Load(t testing.TB, path string) credwrappertest.Recording {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err, "no recording: run go test -update once with the legacy program")
	var rec credwrappertest.Recording
	require.NoError(t, json.Unmarshal(b, &rec), path)
	return rec
}

// Marshal encodes a recording as JSON, one call per line.
func Marshal(rec credwrappertest.Recording) []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, c := range rec {
		line, _ := json.Marshal(c)
		b.Write(line)
		if i < len(rec)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}
