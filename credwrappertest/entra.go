package credwrappertest

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/azcompat/credwrapper/internal/redact"
)

// Reply scripts one answer of the fake Entra ID's token endpoint. The zero
// value is a normal token response.
type Reply struct {
	// Status is the HTTP status; 0 means 200 with a token.
	Status int
	// Error is the OAuth error code of a failure, e.g. "invalid_client".
	Error string
	// RetryAfter, if set, is sent as the Retry-After header (in seconds).
	RetryAfter time.Duration
	// Delay holds the answer back; the wait ends early if the client gives up.
	Delay time.Duration
	// Body, if set, replaces the response body (for malformed answers).
	Body string
	// Lifetime, if set, replaces the token lifetime for this answer.
	Lifetime time.Duration
}

// InvalidClient is the 400 invalid_client answer to a wrong client secret.
func InvalidClient() Reply { return Reply{Status: http.StatusBadRequest, Error: "invalid_client"} }

// Throttled is a 429 answer with a Retry-After header.
func Throttled(retryAfter time.Duration) Reply {
	return Reply{Status: http.StatusTooManyRequests, Error: "temporarily_unavailable", RetryAfter: retryAfter}
}

// ServerError is a 500 answer.
func ServerError() Reply { return Reply{Status: http.StatusInternalServerError, Error: "server_error"} }

// Slow is a normal token response sent after d.
func Slow(d time.Duration) Reply { return Reply{Delay: d} }

// TokenRequest is what the fake Entra ID recorded of one token request.
type TokenRequest struct {
	// Endpoint is "v2" (/{tenant}/oauth2/v2.0/token), "v1" (/{tenant}/oauth2/token,
	// as adal uses) or "msi" (the App Service managed identity endpoint).
	Endpoint  string
	TenantID  string // the tenant in the request's path
	ClientID  string // the client_id the request named
	GrantType string // the grant_type, such as "client_credentials"
	// Proof is how the client proved itself: "secret", "assertion" (a
	// certificate or a federated token), "password", "refresh_token",
	// "device_code" or "identity_header" (managed identity).
	Proof    string
	Username string // for the password grant
	// Assertion is the client_assertion sent, if any (a federated token is
	// sent as is; a certificate credential sends a JWT it signed).
	Assertion string
	Scope     string // the v2 scope requested, e.g. "https://vault.azure.net/.default"
	Resource  string // the v1 or managed identity resource, e.g. "https://management.azure.com/"
	CAE       bool   // the client asked for a CAE token (xms_cc cp1)
	Claims    string // the claims parameter as sent
	Status    int    // the HTTP status answered
}

// Audience is the audience of the token the request asked for.
func (r TokenRequest) Audience() string {
	if r.Scope != "" {
		return strings.TrimSuffix(r.Scope, "/.default")
	}
	return r.Resource
}

// Entra is a fake Microsoft Entra ID (the v2 endpoints) over TLS on loopback.
// Its tokens are JWT-shaped and signed with a key only the fake services know.
type Entra struct {
	// URL is the authority host, e.g. https://127.0.0.1:43123 (no trailing slash).
	URL string

	srv         *httptest.Server
	now         func() time.Time // the cloud's clock (Options.Now)
	key         []byte
	serial      atomic.Int64
	inFlight    atomic.Int64 // token requests being answered
	maxInFlight atomic.Int64 // the most ever answered at once

	mu        sync.Mutex // guards the fields below
	lifetime  time.Duration
	refreshIn time.Duration
	script    []Reply
	fallback  *Reply
	log       []TokenRequest
}

// signingKey returns the key every fake Entra ID of the process signs with.
// It is shared because credentials keep tokens in process-wide caches
// (azidentity's managed identity cache, for one): a token cached from one fake
// cloud must stay valid at the next, as it would against the real Entra ID.
var signingKey = sync.OnceValues(func() ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("credwrappertest: %w", err)
	}
	return key, nil
})

func newEntra(cert *Certificate, now func() time.Time) (*Entra, error) {
	key, err := signingKey()
	if err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	e := &Entra{lifetime: time.Hour, key: key, now: now}
	e.srv = startTLS(http.HandlerFunc(e.serveHTTP), cert)
	e.URL = e.srv.URL
	return e, nil
}

// Close shuts the server down.
func (e *Entra) Close() { e.srv.Close() }

// SetTokenLifetime sets the lifetime of the tokens issued from now on
// (default one hour) and the refresh_in hint sent with them (0: none).
func (e *Entra) SetTokenLifetime(lifetime, refreshIn time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.lifetime, e.refreshIn = lifetime, refreshIn
}

// Script queues answers for the next token requests, in order.
func (e *Entra) Script(replies ...Reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.script = append(e.script, replies...)
}

// DropScript drops the scripted answers no token request has consumed yet
// and returns how many it dropped. A test whose callers may give up before
// their requests reach the fake (a deadline on a busy machine) calls it
// before a request that must get the default answer, so that the outcome
// does not depend on the machine's speed.
func (e *Entra) DropScript() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := len(e.script)
	e.script = nil
	return n
}

// SetDefault sets the answer given when the script is empty; nil restores
// normal token responses. SetDefault(&r) with InvalidClient() makes every
// token request fail.
func (e *Entra) SetDefault(r *Reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if r == nil {
		e.fallback = nil
		return
	}
	c := *r
	e.fallback = &c
}

// TokenRequests returns the number of token requests received.
func (e *Entra) TokenRequests() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.log)
}

// MaxConcurrentTokenRequests returns the largest number of token requests
// the fake was answering at the same time. A client that promises one token
// request at a time is checked with it, whatever the speed of the machine.
func (e *Entra) MaxConcurrentTokenRequests() int { return int(e.maxInFlight.Load()) }

// TokenRequestsFor returns the number of token requests for scope with the
// given CAE setting.
func (e *Entra) TokenRequestsFor(scope string, cae bool) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.log {
		if r.Scope == scope && r.CAE == cae {
			n++
		}
	}
	return n
}

// TokenRequestLog returns every token request received, in order.
func (e *Entra) TokenRequestLog() []TokenRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]TokenRequest(nil), e.log...)
}

// TokenOptions describes a token for IssueToken.
type TokenOptions struct {
	Scope    string        // e.g. "https://storage.azure.com/.default"
	TenantID string        // default DefaultTenantID
	ClientID string        // default DefaultClientID
	CAE      bool          // a CAE token
	Lifetime time.Duration // default one hour; negative for an already expired token
}

// IssueToken mints a token directly, without a token request, for tests that
// need a specific token (another audience, an expired one).
func (e *Entra) IssueToken(o TokenOptions) (string, error) {
	if o.TenantID == "" {
		o.TenantID = DefaultTenantID
	}
	if o.ClientID == "" {
		o.ClientID = DefaultClientID
	}
	if o.Lifetime == 0 {
		o.Lifetime = time.Hour
	}
	c := e.claims(o.TenantID, o.ClientID, o.Scope, o.CAE, "", o.Lifetime)
	return sign(c, e.key)
}

// Verify checks that token was issued by this Entra ID (its signature) and
// returns its claims. It does not check expiry or audience.
func (e *Entra) Verify(token string) (*Claims, error) { return verify(token, e.key) }

func (e *Entra) claims(tenant, clientID, scope string, cae bool, requested string, lifetime time.Duration) *Claims {
	now := e.now()
	serial := e.serial.Add(1)
	c := &Claims{
		Audience:        strings.TrimSuffix(scope, "/.default"),
		Issuer:          "https://sts.windows.net/" + tenant + "/",
		TenantID:        tenant,
		Subject:         clientID,
		ObjectID:        clientID,
		AppID:           clientID,
		IssuedAt:        now.Unix(),
		NotBefore:       now.Add(-5 * time.Minute).Unix(),
		ExpiresAt:       ceilUnix(now.Add(lifetime)),
		ID:              "cwt-" + strconv.FormatInt(serial, 10),
		Version:         "1.0",
		Serial:          serial,
		RequestedClaims: requested,
		IssuedAtNano:    now.UnixNano(),
	}
	if cae {
		c.XMSCC = []string{"CP1"}
	}
	return c
}

// ceilUnix is t in Unix seconds, rounded up, so a token never expires before
// the lifetime announced in expires_in.
func ceilUnix(t time.Time) int64 {
	if t.Nanosecond() == 0 {
		return t.Unix()
	}
	return t.Unix() + 1
}

func (e *Entra) serveHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 4 && parts[1] == "v2.0" && parts[2] == ".well-known" && parts[3] == "openid-configuration":
		base := "https://" + r.Host + "/" + parts[0]
		writeJSON(w, http.StatusOK, map[string]any{
			"issuer":                        base + "/v2.0",
			"authorization_endpoint":        base + "/oauth2/v2.0/authorize",
			"token_endpoint":                base + "/oauth2/v2.0/token",
			"device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
			"jwks_uri":                      base + "/discovery/v2.0/keys",
			"tenant_region_scope":           "NA",
		})
	case len(parts) == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" && parts[3] == "token" && r.Method == http.MethodPost:
		e.token(w, r, parts[0], "v2")
	case len(parts) == 3 && parts[1] == "oauth2" && parts[2] == "token" && r.Method == http.MethodPost:
		e.token(w, r, parts[0], "v1")
	case len(parts) == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" && parts[3] == "devicecode" && r.Method == http.MethodPost:
		e.deviceCode(w, r)
	case len(parts) == 3 && strings.EqualFold(parts[0], "common") && strings.EqualFold(parts[1], "userrealm"):
		writeJSON(w, http.StatusOK, map[string]any{
			"ver": "1.0", "account_type": "Managed", "domain_name": domainOf(parts[2]),
			"cloud_instance_name": "microsoftonline.com", "cloud_audience_urn": "urn:federation:MicrosoftOnline",
		})
	case len(parts) == 2 && parts[0] == "msi" && parts[1] == "token":
		e.token(w, r, "", "msi")
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "not_found", "error_description": "credwrappertest: the fake Entra ID does not serve " + r.Method + " " + r.URL.Path})
	}
}

func (e *Entra) token(w http.ResponseWriter, r *http.Request, tenant, endpoint string) {
	in := e.inFlight.Add(1)
	defer e.inFlight.Add(-1)
	for m := e.maxInFlight.Load(); in > m && !e.maxInFlight.CompareAndSwap(m, in); m = e.maxInFlight.Load() {
	}
	req, problem := e.parseTokenRequest(r, tenant, endpoint)
	cae, requested := parseClaims(req.Claims)
	req.CAE = cae

	e.mu.Lock()
	reply := Reply{}
	if len(e.script) > 0 {
		reply, e.script = e.script[0], e.script[1:]
	} else if e.fallback != nil {
		reply = *e.fallback
	}
	lifetime, refreshIn := e.lifetime, e.refreshIn
	e.mu.Unlock()

	req.Status = e.answer(w, r, req, problem, reply, requested, lifetime, refreshIn)
	e.mu.Lock()
	e.log = append(e.log, req)
	e.mu.Unlock()
}

// parseTokenRequest reads a token request; problem is a non-empty OAuth error
// description when the request is malformed.
func (e *Entra) parseTokenRequest(r *http.Request, tenant, endpoint string) (req TokenRequest, problem string) {
	req = TokenRequest{Endpoint: endpoint, TenantID: tenant}
	if endpoint == "msi" {
		q := r.URL.Query()
		req.TenantID = DefaultTenantID
		req.ClientID = q.Get("client_id")
		if req.ClientID == "" {
			req.ClientID = ManagedIdentityClientID
		}
		req.GrantType, req.Resource, req.Proof = "managed_identity", q.Get("resource"), "identity_header"
		if r.Header.Get("X-IDENTITY-HEADER") != IdentityHeader {
			return req, "the X-IDENTITY-HEADER header is missing or wrong"
		}
		if req.Resource == "" {
			return req, "the resource query parameter is missing"
		}
		return req, ""
	}
	if err := r.ParseForm(); err != nil {
		return req, "malformed form body"
	}
	f := r.PostForm
	req.ClientID, req.GrantType, req.Claims = f.Get("client_id"), f.Get("grant_type"), f.Get("claims")
	req.Resource, req.Username, req.Assertion = f.Get("resource"), f.Get("username"), f.Get("client_assertion")
	for _, s := range strings.Fields(f.Get("scope")) {
		if s != "openid" && s != "profile" && s != "offline_access" {
			req.Scope = s
			break
		}
	}
	switch {
	case f.Get("client_secret") != "":
		req.Proof = "secret"
	case req.Assertion != "":
		req.Proof = "assertion"
	}
	switch req.GrantType {
	case "client_credentials":
		if req.Proof == "" {
			return req, "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."
		}
	case "password":
		req.Proof = "password"
		if req.Username == "" || f.Get("password") == "" {
			return req, "AADSTS900144: The request body must contain the following parameters: 'username' and 'password'."
		}
	case "refresh_token":
		req.Proof = "refresh_token"
		if !strings.HasPrefix(f.Get("refresh_token"), "cwt-rt-") {
			return req, "AADSTS9002313: Invalid request. The refresh token is malformed."
		}
	case "urn:ietf:params:oauth:grant-type:device_code", "device_code":
		req.Proof = "device_code"
		if !strings.HasPrefix(f.Get("device_code"), "cwt-dc-") {
			return req, "AADSTS70019: The device code is not valid."
		}
	default:
		return req, "AADSTS70003: The app requested an unsupported grant type '" + req.GrantType + "'."
	}
	switch {
	case req.ClientID == "":
		return req, "AADSTS900144: The request body must contain the following parameter: 'client_id'."
	case endpoint == "v2" && req.Scope == "":
		return req, "AADSTS1002012: The provided value for scope is not valid."
	case endpoint == "v1" && req.Resource == "":
		return req, "AADSTS50001: The resource parameter is missing."
	}
	return req, ""
}

func (e *Entra) answer(w http.ResponseWriter, r *http.Request, req TokenRequest, problem string, reply Reply, requested string, lifetime, refreshIn time.Duration) int {
	if reply.Delay > 0 {
		t := time.NewTimer(reply.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return 0
		}
	}
	if reply.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(reply.RetryAfter.Round(time.Second)/time.Second)))
	}
	if reply.Body != "" {
		status := reply.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(reply.Body))
		return status
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		code := reply.Error
		if code == "" {
			code = "server_error"
		}
		e.oauthError(w, reply.Status, code, "credwrappertest: scripted failure")
		return reply.Status
	}
	if problem != "" {
		e.oauthError(w, http.StatusBadRequest, "invalid_request", problem)
		return http.StatusBadRequest
	}
	if reply.Lifetime != 0 {
		lifetime = reply.Lifetime
	}
	c := e.claims(req.TenantID, req.ClientID, req.Audience(), req.CAE, requested, lifetime)
	tok, err := sign(c, e.key)
	if err != nil {
		e.oauthError(w, http.StatusInternalServerError, "server_error", err.Error())
		return http.StatusInternalServerError
	}
	secs := int64(lifetime / time.Second)
	var body map[string]any
	switch req.Endpoint {
	case "v1", "msi":
		// v1 and managed identity answers carry numbers as strings.
		body = map[string]any{
			"token_type":     "Bearer",
			"expires_in":     strconv.FormatInt(secs, 10),
			"ext_expires_in": strconv.FormatInt(secs, 10),
			"expires_on":     strconv.FormatInt(c.ExpiresAt, 10),
			"not_before":     strconv.FormatInt(c.NotBefore, 10),
			"resource":       req.Resource,
			"access_token":   tok,
		}
		if req.Endpoint == "msi" {
			body["client_id"] = req.ClientID
		}
	default:
		body = map[string]any{
			"token_type":     "Bearer",
			"expires_in":     secs,
			"ext_expires_in": secs,
			"access_token":   tok,
			"scope":          req.Scope,
		}
	}
	if refreshIn > 0 {
		body["refresh_in"] = int64(refreshIn / time.Second)
	}
	if user := req.Proof == "password" || req.Proof == "refresh_token" || req.Proof == "device_code"; user {
		// A user token comes with an ID token, client info and a refresh token.
		username := req.Username
		if username == "" {
			username = DefaultUsername
		}
		idToken, err := sign(&Claims{
			Audience: req.ClientID, Issuer: "https://" + r.Host + "/" + req.TenantID + "/v2.0", TenantID: req.TenantID,
			Subject: username, ObjectID: DefaultUserObjectID, IssuedAt: c.IssuedAt, NotBefore: c.NotBefore,
			ExpiresAt: c.ExpiresAt, ID: c.ID + "-id", Version: "2.0", PreferredUsername: username,
		}, e.key)
		if err != nil {
			e.oauthError(w, http.StatusInternalServerError, "server_error", err.Error())
			return http.StatusInternalServerError
		}
		info, _ := json.Marshal(map[string]string{"uid": DefaultUserObjectID, "utid": req.TenantID})
		body["id_token"] = idToken
		body["client_info"] = base64.RawURLEncoding.EncodeToString(info)
		body["refresh_token"] = "cwt-rt-" + strconv.FormatInt(c.Serial, 10)
		body["scope"] = req.Scope + " openid profile offline_access"
	}
	writeJSON(w, http.StatusOK, body)
	return http.StatusOK
}

// deviceCode starts a device code flow. The flow completes at the first poll:
// there is no user to wait for.
func (e *Entra) deviceCode(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("client_id") == "" {
		e.oauthError(w, http.StatusBadRequest, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'client_id'.")
		return
	}
	code := "cwt-dc-" + strconv.FormatInt(e.serial.Add(1), 10)
	writeJSON(w, http.StatusOK, map[string]any{
		"device_code":      code,
		"user_code":        "CWTEST01",
		"verification_uri": "https://microsoft.com/devicelogin",
		"expires_in":       900,
		"interval":         1,
		"message":          "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code CWTEST01 to authenticate.",
	})
}

func domainOf(username string) string {
	if _, d, ok := strings.Cut(username, "@"); ok && d != "" {
		return d
	}
	return "contoso.com"
}

// parseClaims reads the claims parameter: whether it asks for a CAE token
// (xms_cc with cp1) and the rest of its access_token claims, re-encoded.
func parseClaims(claims string) (cae bool, requested string) {
	if claims == "" {
		return false, ""
	}
	var doc map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(claims), &doc); err != nil {
		return false, claims
	}
	at := doc["access_token"]
	if raw, ok := at["xms_cc"]; ok {
		var cc struct {
			Values []string `json:"values"`
		}
		if json.Unmarshal(raw, &cc) == nil {
			for _, v := range cc.Values {
				cae = cae || strings.EqualFold(v, "cp1")
			}
		}
		delete(at, "xms_cc")
	}
	if len(at) == 0 {
		return cae, ""
	}
	b, _ := json.Marshal(map[string]any{"access_token": at})
	return cae, string(b)
}

func (e *Entra) oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{
		"error":             code,
		"error_description": description,
		"error_codes":       []int{},
		"timestamp":         e.now().UTC().Format("2006-01-02 15:04:05Z"),
		"trace_id":          "00000000-0000-0000-0000-000000000000",
		"correlation_id":    "00000000-0000-0000-0000-000000000000",
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// startTLS starts a TLS server on 127.0.0.1 with cert.
func startTLS(h http.Handler, cert *Certificate) *httptest.Server {
	s := httptest.NewUnstartedServer(h)
	s.EnableHTTP2 = true // as the real services, so clients multiplex requests
	s.TLS = &tls.Config{Certificates: []tls.Certificate{cert.TLS}, MinVersion: tls.VersionTLS12}
	s.StartTLS()
	return s
}

// String describes the fake without its signing key or the requests it
// received.
func (e *Entra) String() string {
	if e == nil {
		return "credwrappertest.Entra(nil)"
	}
	return "credwrappertest.Entra{URL:" + e.URL + "}"
}

// GoString is String, for %#v.
func (e *Entra) GoString() string { return e.String() }

// Format prints String for every verb.
func (e *Entra) Format(f fmt.State, _ rune) { redact.Format(f, e) }
