package credwrapper

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
)

// The benchmarks compare four ways to authorize a legacy request through
// autorest.Prepare with a cached 1.5 KB token:
//
//	Wrapper       this package
//	AdalBearer    go-autorest's autorest.NewBearerAuthorizer with an adal manual token (the legacy baseline)
//	PipelineCopy  an azcore pipeline with a BearerTokenPolicy run per request, header copied
//	              (the technique of the adapters that exist today)
//	HeaderFloor   a decorator doing nothing but r.Header.Set
//
// Run: go test -run '^$' -bench Authorize -benchmem -count 10 -cpu 1,2 . | tee bench.txt && benchstat -col /impl bench.txt

// benchToken is a JWT-sized (1.5 KB) token.
var benchToken = func() string {
	part := func(n int) string { return base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("x", n))) }
	return part(60) + "." + part(900) + "." + part(190)
}()

type staticCredential struct{ tk azcore.AccessToken }

func (c staticCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return c.tk, nil
}

func benchAuthorizers(b *testing.B) map[string]autorest.Authorizer {
	b.Helper()
	cred := staticCredential{azcore.AccessToken{Token: benchToken, ExpiresOn: time.Now().Add(24 * time.Hour)}}

	w, err := New(cred, nil)
	if err != nil {
		b.Fatal(err)
	}

	oauth, err := adal.NewOAuthConfig("https://login.microsoftonline.com/", "tenant")
	if err != nil {
		b.Fatal(err)
	}
	spt, err := adal.NewServicePrincipalTokenFromManualToken(*oauth, "client", "https://management.azure.com/", adal.Token{
		AccessToken: benchToken,
		ExpiresIn:   "86400",
		ExpiresOn:   unixNumber(time.Now().Add(24 * time.Hour)),
		NotBefore:   unixNumber(time.Now()),
		Resource:    "https://management.azure.com/",
		Type:        "Bearer",
	})
	if err != nil {
		b.Fatal(err)
	}

	return map[string]autorest.Authorizer{
		"Wrapper":      w,
		"AdalBearer":   autorest.NewBearerAuthorizer(spt),
		"PipelineCopy": newPipelineAuthorizer(cred, []string{armScopePublic}),
		"HeaderFloor":  headerFloor("Bearer " + benchToken),
	}
}

func unixNumber(t time.Time) json.Number { return json.Number(strconv.FormatInt(t.Unix(), 10)) }

func benchmarkAuthorize(b *testing.B, name string) {
	a := benchAuthorizers(b)[name]
	dec := a.WithAuthorization()
	r, err := http.NewRequest(http.MethodGet, "https://management.azure.com/subscriptions?api-version=2022-12-01", nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := autorest.Prepare(r, dec); err != nil { // warm the cache
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := autorest.Prepare(r, a.WithAuthorization()); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkAuthorizeParallel(b *testing.B, name string) {
	a := benchAuthorizers(b)[name]
	if _, err := autorest.Prepare(newRequest(b, "https://management.azure.com/"), a.WithAuthorization()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r, err := http.NewRequest(http.MethodGet, "https://management.azure.com/subscriptions?api-version=2022-12-01", nil)
		if err != nil {
			b.Error(err)
			return
		}
		for pb.Next() {
			if _, err := autorest.Prepare(r, a.WithAuthorization()); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkAuthorize(b *testing.B) {
	for _, name := range []string{"AdalBearer", "Wrapper", "PipelineCopy", "HeaderFloor"} {
		b.Run("impl="+name+"/mode=serial", func(b *testing.B) { benchmarkAuthorize(b, name) })
		b.Run("impl="+name+"/mode=parallel", func(b *testing.B) { benchmarkAuthorizeParallel(b, name) })
	}
}

// headerFloor sets a constant header: the least any authorizer can do.
type headerFloor string

func (h headerFloor) WithAuthorization() autorest.PrepareDecorator {
	return func(p autorest.Preparer) autorest.Preparer {
		return autorest.PreparerFunc(func(r *http.Request) (*http.Request, error) {
			r, err := p.Prepare(r)
			if err == nil {
				r.Header.Set("Authorization", string(h))
			}
			return r, err
		})
	}
}

// pipelineAuthorizer is the "run an azcore pipeline per request and copy the
// header" technique: an azcore pipeline whose BearerTokenPolicy authorizes a
// throw-away request, and whose transport never sends it.
type pipelineAuthorizer struct {
	pl runtime.Pipeline
}

func newPipelineAuthorizer(cred azcore.TokenCredential, scopes []string) *pipelineAuthorizer {
	pl := runtime.NewPipeline("credwrapper.bench", "v0.0.0", runtime.PipelineOptions{
		PerRetry: []policy.Policy{runtime.NewBearerTokenPolicy(cred, scopes, nil)},
	}, &policy.ClientOptions{Transport: nopTransport{}})
	return &pipelineAuthorizer{pl: pl}
}

func (a *pipelineAuthorizer) WithAuthorization() autorest.PrepareDecorator {
	return func(p autorest.Preparer) autorest.Preparer {
		return autorest.PreparerFunc(func(r *http.Request) (*http.Request, error) {
			r, err := p.Prepare(r)
			if err != nil {
				return r, err
			}
			req, err := runtime.NewRequest(r.Context(), r.Method, r.URL.String())
			if err != nil {
				return r, err
			}
			resp, err := a.pl.Do(req)
			if err != nil {
				var nr interface{ NonRetriable() }
				if errors.As(err, &nr) {
					return r, &TokenError{Err: err}
				}
				return r, err
			}
			_ = resp.Body.Close()
			r.Header.Set("Authorization", req.Raw().Header.Get("Authorization"))
			return r, nil
		})
	}
}

// BenchmarkAuthorizeHosts measures the ScopeFromHost path across hosts:
// requests cycle through 200 storage account hosts (all learned before the
// timer starts), against the plain Resource Manager path of the same wrapper.
func BenchmarkAuthorizeHosts(b *testing.B) {
	cred := staticCredential{azcore.AccessToken{Token: benchToken, ExpiresOn: time.Now().Add(24 * time.Hour)}}
	w, err := New(cred, &Options{ScopeFromHost: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		hosts int
	}{{"arm", 0}, {"hosts200", 200}} {
		b.Run("path="+tc.name, func(b *testing.B) {
			reqs := []*http.Request{newRequest(b, "https://management.azure.com/subscriptions")}
			if tc.hosts > 0 {
				reqs = reqs[:0]
				for i := range tc.hosts {
					reqs = append(reqs, newRequest(b, "https://account"+strconv.Itoa(i)+".blob.core.windows.net/c/b"))
				}
			}
			dec := w.WithAuthorization()
			for _, r := range reqs {
				if _, err := autorest.Prepare(r, dec); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := autorest.Prepare(reqs[i%len(reqs)], w.WithAuthorization()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuthorizeAuxiliaryTenants measures a request carrying tokens of 3
// auxiliary tenants in x-ms-authorization-auxiliary, against one without.
func BenchmarkAuthorizeAuxiliaryTenants(b *testing.B) {
	cred := staticCredential{azcore.AccessToken{Token: benchToken, ExpiresOn: time.Now().Add(24 * time.Hour)}}
	for _, tc := range []struct {
		name string
		aux  []string
	}{{"aux0", nil}, {"aux3", []string{"tenant-a", "tenant-b", "tenant-c"}}} {
		b.Run("tenants="+tc.name, func(b *testing.B) {
			w, err := New(cred, &Options{AuxiliaryTenants: tc.aux})
			if err != nil {
				b.Fatal(err)
			}
			r := newRequest(b, "https://management.azure.com/subscriptions")
			if _, err := autorest.Prepare(r, w.WithAuthorization()); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := autorest.Prepare(r, w.WithAuthorization()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAttachPut measures what Attach costs a legacy request with a body:
// a PUT of 1 MiB of JSON, prepared and sent as v68 clients send it
// (autorest.WithJSON, then go-autorest's DoRetryForStatusCodes around the
// client), to a sender that reads the body as a transport would, through a
// client with the wrapper as Authorizer only (Plain) and through the same
// client after Attach.
//
// Run: go test -run '^$' -bench AttachPut -benchmem -count 10 . | tee attach.txt && benchstat -col /impl attach.txt
func BenchmarkAttachPut(b *testing.B) {
	cred := staticCredential{azcore.AccessToken{Token: benchToken, ExpiresOn: time.Now().Add(24 * time.Hour)}}
	payload := map[string]string{"value": strings.Repeat("x", 1<<20)}
	sink := autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
		}
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})
	for _, impl := range []string{"Plain", "Attach"} {
		b.Run("impl="+impl, func(b *testing.B) {
			w, err := New(cred, nil)
			if err != nil {
				b.Fatal(err)
			}
			client := autorest.Client{Authorizer: w, Sender: sink}
			if impl == "Attach" {
				w.Attach(&client)
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req, err := autorest.Prepare(&http.Request{}, autorest.AsPut(), autorest.AsContentType("application/json; charset=utf-8"),
					autorest.WithBaseURL("https://myvault.vault.azure.net"), autorest.WithPath("/secrets/s"), autorest.WithJSON(payload))
				if err != nil {
					b.Fatal(err)
				}
				resp, err := autorest.SendWithSender(client, req, autorest.DoRetryForStatusCodes(3, time.Millisecond, autorest.StatusCodesForRetry...))
				if err != nil {
					b.Fatal(err)
				}
				autorest.Respond(resp, autorest.ByClosing())
			}
		})
	}
}

// BenchmarkAuthorizeLogger measures a cached authorization with
// Options.Logger set (a text handler writing to io.Discard) against none:
// events happen on state transitions only, so the two must be equal.
func BenchmarkAuthorizeLogger(b *testing.B) {
	cred := staticCredential{azcore.AccessToken{Token: benchToken, ExpiresOn: time.Now().Add(24 * time.Hour)}}
	for _, tc := range []struct {
		name   string
		logger *slog.Logger
	}{{"none", nil}, {"set", slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))}} {
		w, err := New(cred, &Options{Logger: tc.logger})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("logger="+tc.name, func(b *testing.B) {
			r := newRequest(b, "https://management.azure.com/subscriptions?api-version=2022-12-01")
			if _, err := autorest.Prepare(r, w.WithAuthorization()); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := autorest.Prepare(r, w.WithAuthorization()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
