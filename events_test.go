package credwrapper

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/go-autorest/autorest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper/credwrappertest"
)

// recorder is a slog.Handler keeping every record, flattened to text.
type recorder struct {
	mu      sync.Mutex
	records []logged
}

type logged struct {
	level slog.Level
	msg   string
	attrs map[string]string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	l := logged{level: rec.Level, msg: rec.Message, attrs: map[string]string{}}
	rec.Attrs(func(a slog.Attr) bool {
		l.attrs[a.Key] = a.Value.String()
		return true
	})
	r.mu.Lock()
	r.records = append(r.records, l)
	r.mu.Unlock()
	return nil
}

// find returns the records with msg.
func (r *recorder) find(msg string) []logged {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []logged
	for _, l := range r.records {
		if l.msg == msg {
			out = append(out, l)
		}
	}
	return out
}

func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, l := range r.records {
		fmt.Fprintf(&b, "%s %s %v\n", l.level, l.msg, l.attrs)
	}
	return b.String()
}

// One scripted scenario through real components produces every lifecycle
// event, with its content, and no token, claims, secret or query string.
func TestLifecycleEvents(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	rec := &recorder{}
	w, err := New(cred, &Options{Cloud: cfg, EnableCAE: true, Logger: slog.New(rec)})
	require.NoError(t, err)
	legacy := autorest.NewClientWithUserAgent("legacy")
	legacy.Sender = fc.Client()
	w.Attach(&legacy)
	var sent []string // every Authorization header sent, to look for in the log
	var sentMu sync.Mutex
	record := func(r *http.Request) {
		sentMu.Lock()
		sent = append(sent, r.Header.Get("Authorization"))
		sentMu.Unlock()
	}
	get := func(c autorest.Client, url string) *http.Response {
		t.Helper()
		req, err := autorest.Prepare(&http.Request{}, autorest.AsGet(), autorest.WithBaseURL(url))
		require.NoError(t, err)
		resp, err := c.Do(req)
		if err != nil {
			return nil
		}
		record(resp.Request)
		resp.Body.Close()
		return resp
	}
	armURL := fc.ARM.URL + "/subscriptions?api-version=2019-06-01&sig=query-secret"

	// acquired
	require.Equal(t, http.StatusOK, get(legacy, armURL).StatusCode)
	acq := rec.find(MsgTokenAcquired)
	require.Len(t, acq, 1, rec.text())
	assert.Equal(t, "[https://management.core.windows.net//.default]", acq[0].attrs["scopes"])
	assert.Equal(t, "true", acq[0].attrs["cae"])
	assert.Equal(t, "false", acq[0].attrs["claims"])
	for _, k := range []string{"expires_on", "refresh_at", "duration", "tenant"} {
		assert.Contains(t, acq[0].attrs, k)
	}

	// a CAE claims challenge: the claims answered with a new token (the
	// revoked one is replaced, not expired)
	fc.ARM.ChallengeOnce()
	require.Equal(t, http.StatusOK, get(legacy, armURL).StatusCode)
	assert.Empty(t, rec.find(MsgTokenExpired), rec.text())
	ans := rec.find(MsgClaimsAnswered)
	require.Len(t, ans, 1, rec.text())
	assert.Equal(t, "200", ans[0].attrs["status"])
	require.Len(t, rec.find(MsgTokenAcquired), 2)
	assert.Equal(t, "true", rec.find(MsgTokenAcquired)[1].attrs["claims"])

	// a first token refused by Entra ID: back-off entered, then left
	storage, err := w.WithScopes("https://storage.azure.com/.default")
	require.NoError(t, err)
	fc.Entra.Script(credwrappertest.InvalidClient())
	require.Error(t, storage.EnsureFresh())
	failed := rec.find(MsgRefreshFailed)
	require.Len(t, failed, 1, rec.text())
	assert.Equal(t, slog.LevelWarn, failed[0].level)
	assert.Equal(t, "1", failed[0].attrs["failures"])
	assert.Equal(t, "false", failed[0].attrs["usable"], "no token to send meanwhile")
	assert.Contains(t, failed[0].attrs["error"], "invalid_client")
	assert.Contains(t, failed[0].attrs, "retry_at")
	// callers fail fast for 1 s: past it, on the fake clock, the next call
	// tries again
	clock := useFakeClock(t)
	require.Error(t, storage.EnsureFresh(), "failing fast")
	clock.Advance(2 * time.Second)
	require.NoError(t, storage.EnsureFresh())
	left := rec.find(MsgBackoffLeft)
	require.Len(t, left, 1, rec.text())
	assert.Equal(t, "1", left[0].attrs["failures"])
	assert.Equal(t, "[https://storage.azure.com/.default]", left[0].attrs["scopes"])

	// Key Vault: a challenge learned
	ca := w.ChallengeAuthorizer(fc.Client())
	vault := autorest.NewClientWithUserAgent("vault")
	vault.Authorizer, vault.Sender = ca, ca.Sender(fc.Client())
	resp := get(vault, fc.KeyVault.URL+"/secrets?api-version=7.1")
	require.NotNil(t, resp)
	learned := rec.find(MsgChallengeLearned)
	require.Len(t, learned, 1, rec.text())
	assert.Equal(t, "[https://vault.azure.net/.default]", learned[0].attrs["scopes"])

	// a foreign challenge refused, and a host refusing its learned token
	evil, err := fc.Serve("kv.evil.example", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer authorization="https://login.microsoftonline.com/t", resource="https://management.azure.com"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	require.NoError(t, err)
	assert.Nil(t, get(vault, evil+"/secrets?sig=query-secret"))
	refused := rec.find(MsgChallengeRefused)
	require.Len(t, refused, 1, rec.text())
	assert.Equal(t, "kv.evil.example", refused[0].attrs["host"])
	refuser, err := fc.Serve("refuser.vault.azure.net", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer authorization="`+fc.Entra.URL+`/`+fc.TenantID+`", resource="https://vault.azure.net"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	require.NoError(t, err)
	resp = get(vault, refuser+"/secrets?sig=query-secret")
	require.NotNil(t, resp)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	hr := rec.find(MsgHostRefusedToken)
	require.Len(t, hr, 1, rec.text())
	assert.Equal(t, "refuser.vault.azure.net", hr[0].attrs["host"])
	assert.Equal(t, "1", hr[0].attrs["refusals"])
	exp := rec.find(MsgTokenExpired)
	require.Len(t, exp, 1, rec.text())
	assert.Equal(t, "refuser.vault.azure.net", exp[0].attrs["host"], "a plain 401 expires the token it refused")

	// nothing secret, anywhere
	all := rec.text()
	t.Log("\n" + all)
	for _, secret := range append(sent, fc.ClientSecret, fc.ARM.ChallengeClaims(), "query-secret", "eyJ") {
		if secret = strings.TrimPrefix(secret, "Bearer "); secret != "" {
			assert.NotContains(t, all, secret)
		}
	}
}

// Without a logger nothing is built: the events of a scenario cost nothing.
func TestNoLoggerNoEvents(t *testing.T) {
	w, err := New(&scriptedCredential{}, nil)
	require.NoError(t, err)
	e := w.primary
	ev := e.newEvent(slog.LevelInfo, MsgTokenAcquired)
	assert.Empty(t, ev.msg)
	e.emit(&ev) // no panic, no output
}
