package interop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armsubscriptions"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-06-01/subscriptions"
	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

const armScope = "https://management.core.windows.net//.default"

// setup is one fake cloud, one real azidentity credential, one wrapper, and a
// legacy and a new resource-groups client sharing it.
type setup struct {
	fc     *credwrappertest.Cloud
	w      *credwrapper.CredentialWrapper
	legacy resources.GroupsClient
	client *armresources.ResourceGroupsClient
}

func newSetup(t *testing.T, cloudOpts *credwrappertest.Options, opts credwrapper.Options) *setup {
	t.Helper()
	fc := credwrappertest.NewTest(t, cloudOpts)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	opts.Cloud = cfg
	w, err := credwrapper.New(cred, &opts)
	require.NoError(t, err)
	legacy := resources.NewGroupsClientWithBaseURI(fc.ARM.URL, fc.SubscriptionID)
	legacy.Authorizer = w
	legacy.Sender = fc.Client()
	client, err := armresources.NewResourceGroupsClient(fc.SubscriptionID, w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)
	return &setup{fc: fc, w: w, legacy: legacy, client: client}
}

func (s *setup) legacyList(ctx context.Context) error {
	_, err := s.legacy.List(ctx, "", nil)
	return err
}

func (s *setup) newList(ctx context.Context) error {
	_, err := s.client.NewListPager(nil).NextPage(ctx)
	return err
}

func isLegacy(r credwrappertest.Request) bool { return strings.Contains(r.UserAgent, "go-autorest") }

// 100 legacy and 100 new calls through one wrapper cost one token per audience
// when the legacy path asks for the same token as new clients (EnableCAE), two
// otherwise, and never one per request.
func TestHundredCallsEachShareTokens(t *testing.T) {
	for _, tc := range []struct {
		name       string
		enableCAE  bool
		concurrent bool
		wantTokens int
	}{
		{"serial, EnableCAE", true, false, 1},
		{"concurrent, EnableCAE", true, true, 1},
		{"serial, default (non-CAE legacy tokens)", false, false, 2},
		{"concurrent, default (non-CAE legacy tokens)", false, true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSetup(t, nil, credwrapper.Options{EnableCAE: tc.enableCAE})
			ctx := context.Background()
			const calls = 100
			errs := make(chan error, 2*calls)
			var wg sync.WaitGroup
			for i := 0; i < calls; i++ {
				for _, call := range []func(context.Context) error{s.legacyList, s.newList} {
					if tc.concurrent {
						wg.Add(1)
						go func() { defer wg.Done(); errs <- call(ctx) }()
					} else {
						errs <- call(ctx)
					}
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			reqs := s.fc.ARM.Requests()
			require.Len(t, reqs, 2*calls)
			assert.Equal(t, tc.wantTokens, s.fc.Entra.TokenRequests(), "Entra ID token requests")
			assert.Equal(t, tc.wantTokens, s.fc.ARM.DistinctTokens(), "distinct tokens seen by ARM")
			assert.Equal(t, 1, s.fc.Entra.TokenRequestsFor(armScope, true), "the new client's CAE token")
			assert.Empty(t, s.fc.ARM.Rejected())
			assert.Zero(t, s.fc.ARM.Unauthenticated())
			t.Logf("%d legacy + %d new calls (%s): %d Entra ID token request(s), %d distinct token(s) at ARM",
				calls, calls, tc.name, s.fc.Entra.TokenRequests(), s.fc.ARM.DistinctTokens())
		})
	}
}

// The legacy and new subscriptions clients work through the same wrapper too.
func TestSubscriptionsSideBySide(t *testing.T) {
	s := newSetup(t, nil, credwrapper.Options{EnableCAE: true})
	ctx := context.Background()
	legacy := subscriptions.NewClientWithBaseURI(s.fc.ARM.URL)
	legacy.Authorizer, legacy.Sender = s.w, s.fc.Client()
	page, err := legacy.List(ctx)
	require.NoError(t, err)
	require.Len(t, page.Values(), 1)
	assert.Equal(t, s.fc.SubscriptionID, *page.Values()[0].SubscriptionID)

	client, err := armsubscriptions.NewClient(s.w, &arm.ClientOptions{ClientOptions: s.fc.ClientOptions()})
	require.NoError(t, err)
	np, err := client.NewListPager(nil).NextPage(ctx)
	require.NoError(t, err)
	require.Len(t, np.Value, 1)
	assert.Equal(t, s.fc.SubscriptionID, *np.Value[0].SubscriptionID)
	assert.Equal(t, 1, s.fc.Entra.TokenRequests())
}

// Token expiry is honoured across both clients: with 4 s tokens the wrapper
// refreshes every 2 s (half the lifetime), the new client's azcore policy takes
// the wrapper's current token when its own copy expires, no request is
// refused, and the legacy path never sends an expired token.
func TestTokenExpiryAcrossClients(t *testing.T) {
	t.Parallel()
	const lifetime, run = 4 * time.Second, 9 * time.Second
	s := newSetup(t, &credwrappertest.Options{TokenLifetime: lifetime}, credwrapper.Options{EnableCAE: true})
	ctx := context.Background()
	for end := time.Now().Add(run); time.Now().Before(end); time.Sleep(25 * time.Millisecond) {
		require.NoError(t, s.legacyList(ctx))
		require.NoError(t, s.newList(ctx))
	}
	reqs := s.fc.ARM.Requests()
	tokens := s.fc.Entra.TokenRequests()
	t.Logf("%d requests over %v with %v tokens: %d Entra ID token requests, %d distinct tokens at ARM", len(reqs), run, lifetime, tokens, s.fc.ARM.DistinctTokens())
	// refreshes at about 0, 2, 4, 6, 8 s
	assert.GreaterOrEqual(t, tokens, 4)
	assert.LessOrEqual(t, tokens, 6)
	assert.Less(t, tokens*10, len(reqs), "never a token per request")
	assert.Empty(t, s.fc.ARM.Rejected())
	newTokens := map[string]bool{}
	for _, r := range s.fc.ARM.ExpiredAtReceipt() {
		assert.False(t, isLegacy(r), "the legacy path sent an expired token: %+v", r)
	}
	for _, r := range reqs {
		if !isLegacy(r) {
			newTokens[r.Token.ID] = true
		}
	}
	assert.GreaterOrEqual(t, len(newTokens), 2, "the new client moved to newer tokens")
}

// refresh_in is honoured across both clients: tokens valid for an hour with a
// 5 s refresh_in are replaced about every 5 s on the legacy path, and the new
// client's azcore policy, which sees RefreshOn through the wrapper's GetToken,
// picks up a newer token once RefreshOn has passed and its own 30 s back-off
// between early refreshes allows (hence the 34 s run).
func TestRefreshInAcrossClients(t *testing.T) {
	t.Parallel()
	const refreshIn, run = 5 * time.Second, 34 * time.Second
	s := newSetup(t, &credwrappertest.Options{TokenLifetime: time.Hour, RefreshIn: refreshIn}, credwrapper.Options{EnableCAE: true})
	ctx := context.Background()
	for end := time.Now().Add(run); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		require.NoError(t, s.legacyList(ctx))
		require.NoError(t, s.newList(ctx))
	}
	tokens := s.fc.Entra.TokenRequests()
	t.Logf("%d requests over %v with refresh_in %v: %d Entra ID token requests, %d distinct tokens at ARM", len(s.fc.ARM.Requests()), run, refreshIn, tokens, s.fc.ARM.DistinctTokens())
	// refreshes at about 0, 5, 10, ... 30 s
	assert.GreaterOrEqual(t, tokens, 6)
	assert.LessOrEqual(t, tokens, 8)
	assert.Empty(t, s.fc.ARM.Rejected())
	newTokens := map[string]bool{}
	for _, r := range s.fc.ARM.Requests() {
		if !isLegacy(r) {
			newTokens[r.Token.ID] = true
		}
	}
	assert.GreaterOrEqual(t, len(newTokens), 2, "the new client refreshed at RefreshOn")
}

// A failing credential fails a legacy call at once, with a clear error, and
// without go-autorest's retry loop calling Entra ID again.
func TestFailingCredentialFailsLegacyCallFast(t *testing.T) {
	s := newSetup(t, nil, credwrapper.Options{})
	s.fc.Entra.SetDefault(&credwrappertest.Reply{Status: 401, Error: "invalid_client"})
	start := time.Now()
	_, err := s.legacy.List(context.Background(), "", nil)
	elapsed := time.Since(start)
	require.Error(t, err)
	t.Logf("GroupsClient.List with a failing credential returned after %v: %v", elapsed, err)
	assert.True(t, autorest.IsTokenRefreshError(err))
	var authFailed *azidentity.AuthenticationFailedError
	assert.True(t, errors.As(err, &authFailed), "errors.As reaches *azidentity.AuthenticationFailedError")
	assert.Contains(t, err.Error(), armScope)
	assert.NotContains(t, err.Error(), s.fc.ClientSecret)
	assert.Equal(t, 1, s.fc.Entra.TokenRequests(), "one token request: no retry")
	assert.Empty(t, s.fc.ARM.Requests(), "ARM never called")
	// go-autorest's retry loop would back off for 30 s and more.
	assert.Less(t, elapsed, 5*time.Second)
}

// The wrapper works inside go-autorest's own bearer authorizers.
func TestInsideAutorestBearerAuthorizers(t *testing.T) {
	s := newSetup(t, nil, credwrapper.Options{AuxiliaryTenants: []string{"aux-tenant-1", "aux-tenant-2"}})
	ctx := context.Background()

	s.legacy.Authorizer = autorest.NewBearerAuthorizer(s.w)
	require.NoError(t, s.legacyList(ctx))
	s.legacy.Authorizer = autorest.NewMultiTenantBearerAuthorizer(s.w)
	require.NoError(t, s.legacyList(ctx))
	s.legacy.Authorizer = s.w // the wrapper itself sends the auxiliary header too
	require.NoError(t, s.legacyList(ctx))

	reqs := s.fc.ARM.Requests()
	require.Len(t, reqs, 3)
	assert.Empty(t, reqs[0].Auxiliary, "NewBearerAuthorizer sends the primary token only")
	for _, r := range reqs[1:] {
		require.Len(t, r.Auxiliary, 2)
		assert.Equal(t, "aux-tenant-1", r.Auxiliary[0].TenantID)
		assert.Equal(t, "aux-tenant-2", r.Auxiliary[1].TenantID)
		assert.Equal(t, "https://management.core.windows.net/", r.Auxiliary[0].Audience)
	}
	assert.Equal(t, 1, s.fc.ARM.DistinctTokens(), "one primary token throughout")
	assert.Equal(t, 3, s.fc.Entra.TokenRequests(), "one token per tenant")
	for _, r := range s.fc.Entra.TokenRequestLog() {
		assert.Equal(t, armScope, r.Scope, fmt.Sprint(r))
	}
}
