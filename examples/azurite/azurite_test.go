package azurite

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

const (
	storageScope = "https://storage.azure.com/.default"
	account      = "devstoreaccount1" // Azurite's built-in account
	xmsVersion   = "2021-12-02"
)

// findAzurite returns the azurite-blob executable: $AZURITE_BLOB, the copy
// .ci/run installs under .ci/azurite, or one on PATH. Without it the test
// skips, except under CI=true, where it fails.
func findAzurite(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("AZURITE_BLOB"); p != "" {
		return p
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			p := filepath.Join(dir, ".ci", "azurite", "node_modules", ".bin", "azurite-blob")
			if _, err := os.Stat(p); err == nil {
				return p
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	if p, err := exec.LookPath("azurite-blob"); err == nil {
		return p
	}
	const msg = "Azurite not found: run `npm ci --prefix .ci/azurite` (needs Node.js 20) or set AZURITE_BLOB"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// syncBuffer collects Azurite's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startAzurite starts the blob service on a free loopback port over HTTPS
// with OAuth, and returns its service URL and a client trusting it.
func startAzurite(t *testing.T) (string, *http.Client) {
	t.Helper()
	return startAzuriteService(t, "blob")
}

// startAzuriteService starts Azurite's service ("blob" or "queue") as
// startAzurite does.
func startAzuriteService(t *testing.T, service string) (string, *http.Client) {
	t.Helper()
	bin := findAzurite(t)
	bin = strings.TrimSuffix(bin, "azurite-blob") + "azurite-" + service
	cert, err := credwrappertest.NewCertificate()
	require.NoError(t, err)
	dir := t.TempDir()
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certPath, cert.CertPEM, 0o600))
	require.NoError(t, os.WriteFile(keyPath, cert.KeyPEM, 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "data"), 0o700))

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())

	var out syncBuffer
	cmd := exec.Command(bin,
		"--"+service+"Host", "127.0.0.1", "--"+service+"Port", strconv.Itoa(port),
		"--oauth", "basic", "--cert", certPath, "--key", keyPath,
		"--skipApiVersionCheck", "--disableTelemetry",
		"--location", filepath.Join(dir, "data"))
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start(), "starting %s", bin)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("azurite output:\n%s", out.String())
		}
	})

	client := &http.Client{Transport: &http.Transport{
		Proxy:           nil,
		DialContext:     (&credwrappertest.LoopbackDialer{}).DialContext,
		TLSClientConfig: &tls.Config{RootCAs: cert.Pool, MinVersion: tls.VersionTLS12},
	}}
	t.Cleanup(client.CloseIdleConnections)
	serviceURL := fmt.Sprintf("https://127.0.0.1:%d/%s", port, account)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := client.Get(serviceURL + "?comp=list")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("azurite exited: %v\n%s", err, out.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("azurite did not answer on port %d: %v\n%s", port, err, out.String())
		}
	}
	return serviceURL, client
}

// One CredentialWrapper, backed by a real azidentity credential from the fake
// Entra ID, serves the new azblob client and legacy autorest requests against
// a real Azurite that validates the tokens.
func TestAzuriteSideBySide(t *testing.T) {
	serviceURL, client := startAzurite(t)
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, Scopes: []string{storageScope}, EnableCAE: true})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// New: azblob creates a container and uploads and downloads a blob.
	blobs, err := azblob.NewClient(serviceURL, w, &azblob.ClientOptions{ClientOptions: policy.ClientOptions{Transport: client}})
	require.NoError(t, err)
	_, err = blobs.CreateContainer(ctx, "interop", nil)
	require.NoError(t, err)
	const content = "written by azblob through credwrapper"
	_, err = blobs.UploadBuffer(ctx, "interop", "hello.txt", []byte(content), nil)
	require.NoError(t, err)
	dl, err := blobs.DownloadStream(ctx, "interop", "hello.txt", nil)
	require.NoError(t, err)
	got, err := io.ReadAll(dl.Body)
	dl.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, content, string(got))

	// Legacy: autorest.Prepare + the wrapper's WithAuthorization.
	legacy := autorest.NewClientWithUserAgent("legacy-storage")
	legacy.Authorizer, legacy.Sender = w, client
	get := func(url string, query map[string]interface{}) (int, string) {
		req, err := autorest.Prepare(&http.Request{},
			autorest.AsGet(), autorest.WithBaseURL(url),
			autorest.WithQueryParameters(query),
			autorest.WithHeader("x-ms-version", xmsVersion))
		require.NoError(t, err)
		resp, err := legacy.Do(req.WithContext(ctx))
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, body := get(serviceURL, map[string]interface{}{"comp": "list"})
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, body, "<Name>interop</Name>")
	status, body = get(serviceURL+"/interop/hello.txt", nil)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, content, body)

	assert.Equal(t, 1, fc.Entra.TokenRequests(), "azblob and the legacy requests share one token")
	assert.Equal(t, 1, fc.Entra.TokenRequestsFor(storageScope, true))
}

// Azurite, which no one here wrote, refuses a token for another audience and
// an expired token, and accepts a good one.
func TestAzuriteRejectsWrongTokens(t *testing.T) {
	serviceURL, client := startAzurite(t)
	fc := credwrappertest.NewTest(t, nil)
	mint := func(scope string, lifetime time.Duration) string {
		tok, err := fc.Entra.IssueToken(credwrappertest.TokenOptions{Scope: scope, Lifetime: lifetime})
		require.NoError(t, err)
		return tok
	}
	for _, tc := range []struct {
		name  string
		token string
		ok    bool
	}{
		{"storage token", mint(storageScope, time.Hour), true},
		{"wrong audience (Key Vault)", mint("https://vault.azure.net/.default", time.Hour), false},
		{"wrong audience (ARM)", mint("https://management.core.windows.net//.default", time.Hour), false},
		{"expired storage token", mint(storageScope, -10*time.Minute), false},
	} {
		req, err := http.NewRequest(http.MethodGet, serviceURL+"?comp=list", nil)
		require.NoError(t, err)
		req.Header.Set("x-ms-version", xmsVersion)
		req.Header.Set("Authorization", "Bearer "+tc.token)
		resp, err := client.Do(req)
		require.NoError(t, err, tc.name)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if tc.ok {
			assert.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", tc.name, body)
		} else {
			assert.Contains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, resp.StatusCode, "%s: %s", tc.name, body)
			assert.Contains(t, string(body), "AuthenticationFailed", tc.name)
		}
	}
}
