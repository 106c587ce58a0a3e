package storagecred

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/azcompat/credwrapper/credwrappertest"
	"github.com/azcompat/credwrapper/internal/hostrule"
	"github.com/azcompat/credwrapper/internal/tokentime"
)

// TestMain installs the fake clock: the tokens' times and the refresher's
// schedule are read from it.
func TestMain(m *testing.M) {
	tokentime.Now = clock.Now
	goleak.VerifyTestMain(m)
}

// clock is the tests' clock; it stands still until advanced.
var clock = credwrappertest.NewClock(time.Now())

// credential hands out a new hour-long token per call, for the scope and CAE
// setting asked, and records them.
type credential struct {
	calls atomic.Int64
	last  atomic.Pointer[policy.TokenRequestOptions]
	fail  bool
}

func (c *credential) GetToken(_ context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	n := c.calls.Add(1)
	c.last.Store(&o)
	if c.fail {
		return azcore.AccessToken{}, errors.New("entra is down")
	}
	return azcore.AccessToken{Token: fmt.Sprintf("token-%d", n), ExpiresOn: clock.Now().Add(time.Hour)}, nil
}

// library stands for azblob's and azqueue's TokenCredential.
type library struct{ token string }

func (l *library) SetToken(t string) { l.token = t }

func newLibrary(initial string, _ func(*library) time.Duration) *library {
	return &library{token: initial}
}

func TestStart(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      *Options
		wantScope string
		wantCAE   bool
	}{
		{"nil options", nil, hostrule.StorageScope, false},
		{"zero options", &Options{}, hostrule.StorageScope, false},
		{"an account's scope, CAE", &Options{Scope: "https://acct.blob.core.windows.net/.default", EnableCAE: true},
			"https://acct.blob.core.windows.net/.default", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cred := &credential{}
			l, r, err := Start("legacyblob", cred, tc.opts, newLibrary)
			require.NoError(t, err)
			defer r.Stop()
			assert.Equal(t, "token-1", l.token, "the first token at once")
			o := cred.last.Load()
			assert.Equal(t, []string{tc.wantScope}, o.Scopes)
			assert.Equal(t, tc.wantCAE, o.EnableCAE)
			assert.Equal(t, "legacyblob.Credential{Scope:"+tc.wantScope+"}", r.Describe("legacyblob.Credential"))
			assert.NoError(t, r.Err())
		})
	}
}

// The errors carry the package's prefix; no token, no credential.
func TestStartFails(t *testing.T) {
	_, r, err := Start("legacyqueue", &credential{fail: true}, nil, newLibrary)
	require.EqualError(t, err, "legacyqueue: entra is down")
	assert.Equal(t, "legacyqueue.Credential{}", r.Describe("legacyqueue.Credential"), "a zero refresher")
	_, _, err = Start("legacyqueue", nil, nil, newLibrary)
	require.ErrorContains(t, err, "legacyqueue: the credential is nil")
}

// Refresh is what the library's timer calls: it sets a new token once the
// old one is past its usable end; after Stop it asks for none, sets none and
// returns 0, which ends the timer.
func TestRefreshAndStop(t *testing.T) {
	cred := &credential{}
	l, r, err := Start("legacyblob", cred, nil, newLibrary)
	require.NoError(t, err)
	clock.Advance(2 * time.Hour)
	assert.Positive(t, r.Refresh())
	assert.Equal(t, "token-2", l.token)
	r.Stop()
	clock.Advance(2 * time.Hour)
	assert.Zero(t, r.Refresh())
	assert.Equal(t, "token-2", l.token, "kept")
	assert.EqualValues(t, 2, cred.calls.Load(), "no call after Stop")

	var zero Refresher // a zero Credential's
	zero.Stop()
	assert.NoError(t, zero.Err())
}
