package credwrapper

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every entry point that takes an *http.Request runs the same hostile table:
// a request without a URL, a cross-host redirect whose target answers 401
// with claims, look-alike and IPv6-zone hosts, and a bogus claims value. For
// each, the entry point must not panic, must fetch no token for an audience
// the request's host does not belong to, and must leave the cached token as
// it was.

// hostileHost answers every request: a Key Vault challenge to an
// unauthenticated probe, and to an authenticated request the answer its
// case asks for.
type hostileHost struct {
	answer func(r *http.Request) *http.Response
}

func (h hostileHost) Do(r *http.Request) (*http.Response, error) {
	if r.Header.Get("Authorization") == "" {
		hdr := http.Header{}
		hdr.Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/tenant-a", resource="https://vault.azure.net"`)
		return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}, nil
	}
	return h.answer(r), nil
}

// redirectedClaims answers like a server that redirected r to another host,
// which answered the redirected request (stripped of its Authorization
// header by net/http) with a claims challenge.
func redirectedClaims(r *http.Request) *http.Response {
	landed := r.Clone(r.Context())
	landed.URL = &url.URL{Scheme: "https", Host: "elsewhere.example", Path: "/landing"}
	landed.Header.Del("Authorization")
	hdr := http.Header{}
	hdr.Set("WWW-Authenticate", claimsHeader(`{"access_token":{"nbf":{"essential":true,"value":"1"}}}`))
	return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: landed}
}

// bogusClaims answers with a claims challenge whose claims are not base64.
func bogusClaims(r *http.Request) *http.Response {
	hdr := http.Header{}
	hdr.Set("WWW-Authenticate", `Bearer error="insufficient_claims", claims="!!not base64!!"`)
	return &http.Response{StatusCode: http.StatusUnauthorized, Header: hdr, Body: http.NoBody, Request: r}
}

func ok(r *http.Request) *http.Response {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}
}

// entryPoint is one way a request reaches the package.
type entryPoint struct {
	name string
	// do runs r through the entry point with host as the network, and
	// returns the response (nil for an authorizer alone).
	do func(w *CredentialWrapper, host hostileHost, r *http.Request) (*http.Response, error)
	// learns reports whether the entry point needs the host's challenge
	// (a ChallengeAuthorizer): vault hosts then get a Key Vault token.
	learns bool
	opts   Options
}

var entryPoints = []entryPoint{
	{name: "authorizer", do: func(w *CredentialWrapper, _ hostileHost, r *http.Request) (*http.Response, error) {
		_, err := autorest.Prepare(r, w.WithAuthorization())
		return nil, err
	}},
	{name: "authorizer with ScopeFromHost", opts: Options{ScopeFromHost: true}, do: func(w *CredentialWrapper, _ hostileHost, r *http.Request) (*http.Response, error) {
		_, err := autorest.Prepare(r, w.WithAuthorization())
		return nil, err
	}},
	{name: "ChallengeAuthorizer", learns: true, do: func(w *CredentialWrapper, h hostileHost, r *http.Request) (*http.Response, error) {
		_, err := autorest.Prepare(r, w.ChallengeAuthorizer(h).WithAuthorization())
		return nil, err
	}},
	{name: "wrapper Sender (Attach)", do: func(w *CredentialWrapper, h hostileHost, r *http.Request) (*http.Response, error) {
		c := autorest.Client{Sender: h}
		w.Attach(&c)
		return c.Do(r)
	}},
	{name: "ChallengeAuthorizer Sender", learns: true, do: func(w *CredentialWrapper, h hostileHost, r *http.Request) (*http.Response, error) {
		a := w.ChallengeAuthorizer(h)
		c := autorest.Client{Authorizer: a, Sender: a.Sender(h)}
		return c.Do(r)
	}},
}

func TestHostileRequests(t *testing.T) {
	const (
		armScope   = "https://management.core.windows.net//.default"
		vaultScope = "https://vault.azure.net/.default"
	)
	cases := []struct {
		name   string
		url    string // "" for no URL
		answer func(*http.Request) *http.Response
		// vault reports a host whose challenge fits it: a ChallengeAuthorizer
		// (or ScopeFromHost) may get a Key Vault token for it.
		vault bool
	}{
		{name: "no URL", answer: ok},
		{name: "cross-host redirect answering 401 with claims", url: "https://myvault.vault.azure.net/secrets/x", answer: redirectedClaims, vault: true},
		{name: "look-alike suffix", url: "https://myvault.vault.azure.net.evil.example/secrets/x", answer: ok},
		{name: "look-alike label", url: "https://myvault.evilvault.azure.net/secrets/x", answer: ok},
		{name: "audience host itself", url: "https://vault.azure.net/secrets/x", answer: ok},
		{name: "IPv6 literal with a zone", url: "https://[fe80::1%25myvault.vault.azure.net]/secrets/x", answer: ok},
		{name: "port", url: "https://myvault.vault.azure.net:8443/secrets/x", answer: ok},
		{name: "userinfo", url: "https://myvault.vault.azure.net@evil.example/secrets/x", answer: ok},
		{name: "bogus claims value", url: "https://myvault.vault.azure.net/secrets/x", answer: bogusClaims, vault: true},
	}
	for _, ep := range entryPoints {
		for _, tc := range cases {
			t.Run(ep.name+"/"+tc.name, func(t *testing.T) {
				cred := &scriptedCredential{}
				opts := ep.opts
				w, err := New(cred, &opts)
				require.NoError(t, err)
				primary := authorize(t, w)
				r := &http.Request{Method: http.MethodGet, Header: http.Header{}}
				if tc.url != "" {
					r, err = http.NewRequestWithContext(context.Background(), http.MethodGet, tc.url, nil)
					require.NoError(t, err)
				}
				var resp *http.Response
				require.NotPanics(t, func() { resp, err = ep.do(w, hostileHost{answer: tc.answer}, r) })

				allowed := []string{armScope}
				if tc.vault && (ep.learns || ep.opts.ScopeFromHost) {
					allowed = append(allowed, vaultScope)
				}
				for _, req := range cred.requests() {
					for _, s := range req.Scopes {
						assert.Contains(t, allowed, s, "a token for an audience %s does not belong to", tc.url)
					}
					assert.Empty(t, req.Claims, "no claims of the host's choosing reach the credential")
				}
				assert.Equal(t, primary, authorize(t, w), "the cached token is kept")
				switch {
				case tc.url == "" && ep.learns:
					var ce *ChallengeError
					assert.ErrorAs(t, err, &ce, "no URL, no host to learn a challenge from")
				case tc.url == "":
					// The wrapper's authorizer gives a request without a URL
					// its own token (how code reads the header); a Sender
					// cannot send it.
				case !tc.vault && ep.learns:
					assert.Error(t, err, "a host outside the challenge's audience is refused")
				case resp != nil:
					require.NoError(t, err)
					if !slices.Contains([]int{http.StatusOK}, resp.StatusCode) {
						assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the 401 passes through untouched")
					}
				}
			})
		}
	}
}
