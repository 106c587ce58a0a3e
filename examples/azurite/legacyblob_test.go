package azurite

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-pipeline-go/pipeline"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	newblob "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-storage-blob-go/azblob"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/legacyblob"
)

// sender is azure-pipeline-go's last policy, sending through client and
// recording the bearer tokens Azurite accepted.
type sender struct {
	client   *http.Client
	mu       sync.Mutex
	accepted map[string]bool
}

func (s *sender) New(_ pipeline.Policy, _ *pipeline.PolicyOptions) pipeline.Policy {
	return pipeline.PolicyFunc(func(ctx context.Context, r pipeline.Request) (pipeline.Response, error) {
		resp, err := s.client.Do(r.WithContext(ctx))
		if err == nil && resp.StatusCode < 300 {
			s.mu.Lock()
			s.accepted[r.Header.Get("Authorization")] = true
			s.mu.Unlock()
		}
		return pipeline.NewHTTPResponse(resp), err
	})
}

func (s *sender) tokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.accepted)
}

// A real azure-storage-blob-go ContainerURL and BlockBlobURL upload and
// download through Azurite with a legacyblob credential whose token Entra ID
// refreshes during the test (refresh_in of 2 s): Azurite accepts the first
// token and the refreshed one.
func TestLegacyBlobClientRefreshesThroughWrapper(t *testing.T) {
	serviceURL, client := startAzurite(t)
	fc := credwrappertest.NewTest(t, &credwrappertest.Options{RefreshIn: 2 * time.Second})
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)
	lc, err := legacyblob.NewCredential(w, nil)
	require.NoError(t, err)
	defer lc.Stop()
	first := lc.Token()

	s := &sender{client: client, accepted: map[string]bool{}}
	p := azblob.NewPipeline(lc, azblob.PipelineOptions{HTTPSender: s})
	u, err := url.Parse(serviceURL + "/legacy")
	require.NoError(t, err)
	container := azblob.NewContainerURL(*u, p)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, err = container.Create(ctx, nil, azblob.PublicAccessNone)
	require.NoError(t, err)
	blob := container.NewBlockBlobURL("hello.txt")
	upload := func(content string) {
		t.Helper()
		_, err := blob.Upload(ctx, bytes.NewReader([]byte(content)), azblob.BlobHTTPHeaders{}, nil,
			azblob.BlobAccessConditions{}, azblob.DefaultAccessTier, nil, azblob.ClientProvidedKeyOptions{}, azblob.ImmutabilityPolicyOptions{})
		require.NoError(t, err)
	}
	download := func() string {
		t.Helper()
		resp, err := blob.Download(ctx, 0, azblob.CountToEnd, azblob.BlobAccessConditions{}, false, azblob.ClientProvidedKeyOptions{})
		require.NoError(t, err)
		body := resp.Body(azblob.RetryReaderOptions{})
		defer body.Close()
		b, err := io.ReadAll(body)
		require.NoError(t, err)
		return string(b)
	}
	upload("before the refresh")
	assert.Equal(t, "before the refresh", download())

	// a liveness bound, not a speed assertion: the refresh comes on
	// azblob's own timer
	for deadline := time.Now().Add(time.Minute); lc.Token() == first && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	require.NotEqual(t, first, lc.Token(), "refreshed")
	upload("after the refresh")
	assert.Equal(t, "after the refresh", download())
	assert.GreaterOrEqual(t, s.tokens(), 2, "Azurite accepted the first token and a refreshed one")
	assert.GreaterOrEqual(t, fc.Entra.TokenRequests(), 2)
	assert.Equal(t, fc.Entra.TokenRequests(), fc.Entra.TokenRequestsFor(storageScope, false), "Storage tokens, through the wrapper")
	require.NoError(t, lc.Err())

	// That Stop stops the refreshes is tested on the fake clock, with no
	// sleep, by legacyblob's TestStop.
}

// The legacy blob client and the new azblob client on one wrapper: with
// EnableCAE on the legacy credential, Entra ID issues one token for both.
func TestLegacyAndNewBlobClientsShareOneToken(t *testing.T) {
	serviceURL, client := startAzurite(t)
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// legacy: azure-storage-blob-go
	lc, err := legacyblob.NewCredential(w, &legacyblob.Options{EnableCAE: true})
	require.NoError(t, err)
	defer lc.Stop()
	u, err := url.Parse(serviceURL + "/shared")
	require.NoError(t, err)
	s := &sender{client: client, accepted: map[string]bool{}}
	container := azblob.NewContainerURL(*u, azblob.NewPipeline(lc, azblob.PipelineOptions{HTTPSender: s}))
	_, err = container.Create(ctx, nil, azblob.PublicAccessNone)
	require.NoError(t, err)
	_, err = container.NewBlockBlobURL("legacy.txt").Upload(ctx, bytes.NewReader([]byte("legacy")), azblob.BlobHTTPHeaders{}, nil,
		azblob.BlobAccessConditions{}, azblob.DefaultAccessTier, nil, azblob.ClientProvidedKeyOptions{}, azblob.ImmutabilityPolicyOptions{})
	require.NoError(t, err)

	// new: sdk/storage/azblob, same wrapper
	blobs, err := newblob.NewClient(serviceURL, w, &newblob.ClientOptions{ClientOptions: policy.ClientOptions{Transport: client}})
	require.NoError(t, err)
	dl, err := blobs.DownloadStream(ctx, "shared", "legacy.txt", nil)
	require.NoError(t, err)
	got, err := io.ReadAll(dl.Body)
	dl.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, "legacy", string(got))

	assert.Equal(t, 1, fc.Entra.TokenRequests(), "one Entra ID token for both clients")
	assert.Equal(t, 1, fc.Entra.TokenRequestsFor(storageScope, true))
}
