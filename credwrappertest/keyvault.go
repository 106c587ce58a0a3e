package credwrappertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// KeyVaultResource is the resource Key Vault names in its challenges.
const KeyVaultResource = "https://vault.azure.net"

// KeyVault is a fake Azure Key Vault (secrets) over TLS on loopback, reached
// under a real-looking host name (name.vault.azure.net) through the cloud's
// client, so that SDK clients that check the challenge's resource against the
// vault's domain accept it. Like the real service, it answers a request
// without a token with 401 and a challenge naming the authority and the
// resource.
type KeyVault struct {
	// URL is the vault URL, e.g. https://credwrapper-fake.vault.azure.net.
	URL string
	// Host is the vault's host name.
	Host string
	// Recorder holds the requests received.
	Recorder

	srv      *httptest.Server
	entra    *Entra
	tenantID string
	cae      revocation
	traffic  *Traffic // set by New: the cloud's traffic

	mu       sync.Mutex // guards secrets and keys
	secrets  map[string][]secret
	keys     map[string][]map[string]any // lower-case name -> key bundles, by version
	pageSize int                         // items per list page; 0 for DefaultPageSize
}

type secret struct {
	Value       string            `json:"value"`
	ID          string            `json:"id"`
	ContentType string            `json:"contentType,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	Attributes  struct {
		Enabled       bool   `json:"enabled"`
		Created       int64  `json:"created"`
		Updated       int64  `json:"updated"`
		RecoveryLevel string `json:"recoveryLevel"`
	} `json:"attributes"`
}

func newKeyVault(cert *Certificate, e *Entra, host, tenantID string) *KeyVault {
	kv := &KeyVault{Host: host, URL: "https://" + host, entra: e, tenantID: tenantID, secrets: map[string][]secret{}}
	kv.srv = startTLS(http.HandlerFunc(kv.serveHTTP), cert)
	return kv
}

// Close shuts the server down.
func (kv *KeyVault) Close() { kv.srv.Close() }

// Reset forgets the requests the vault received: its Recorder's, and its
// calls in the cloud's Traffic.
func (kv *KeyVault) Reset() {
	kv.Recorder.Reset()
	kv.traffic.forget("keyvault")
}

// ChallengeOnce makes the vault answer the next authenticated request with a
// Continuous Access Evaluation claims challenge, as [ARM.ChallengeOnce] does:
// tokens issued before it are refused from then on with the same challenge,
// and a new token is accepted.
func (kv *KeyVault) ChallengeOnce() { kv.cae.once() }

// ChallengeClaims returns the decoded claims of the last challenge sent ("" if
// none).
func (kv *KeyVault) ChallengeClaims() string { return kv.cae.lastClaims() }

// addr is the loopback address the vault's host name is routed to.
func (kv *KeyVault) addr() string { return kv.srv.Listener.Addr().String() }

// SetSecret stores a secret directly, without a request.
func (kv *KeyVault) SetSecret(name, value string) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	kv.set(name, value, "", nil)
}

func (kv *KeyVault) set(name, value, contentType string, tags map[string]string) secret {
	versions := kv.secrets[strings.ToLower(name)]
	s := secret{Value: value, ContentType: contentType, Tags: tags}
	version := fmt.Sprintf("%032x", len(versions)+1)
	s.ID = kv.URL + "/secrets/" + name + "/" + version
	now := kv.entra.now().Unix()
	s.Attributes.Enabled, s.Attributes.Created, s.Attributes.Updated = true, now, now
	s.Attributes.RecoveryLevel = "Recoverable+Purgeable"
	kv.secrets[strings.ToLower(name)] = append(versions, s)
	return s
}

func (kv *KeyVault) serveHTTP(w http.ResponseWriter, r *http.Request) {
	call := kv.traffic.capture("keyvault", r)
	rec, ok := checkToken(kv.entra, r, []string{KeyVaultResource, KeyVaultResource + "/"})
	rec.Status = kv.serve(w, r, rec, ok)
	kv.traffic.add(call, rec.Status)
	kv.record(rec)
}

func (kv *KeyVault) serve(w http.ResponseWriter, r *http.Request, rec Request, tokenOK bool) int {
	if !tokenOK {
		challenge := fmt.Sprintf(`Bearer authorization="%s/%s", resource="%s"`, kv.entra.URL, kv.tenantID, KeyVaultResource)
		if rec.HadToken {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
		code, msg := "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."
		if rec.HadToken {
			msg = "AKV10022: Invalid audience or token: " + rec.Rejection
		}
		return kvError(w, http.StatusUnauthorized, code, msg)
	}
	if challenge, revoked := kv.cae.challenge(kv.entra, kv.tenantID, rec.Token.Serial); revoked {
		w.Header().Set("WWW-Authenticate", challenge)
		return kvError(w, http.StatusUnauthorized, "Unauthorized", "AKV10032: The access token has been revoked (Continuous Access Evaluation).")
	}
	if r.URL.Query().Get("api-version") == "" {
		return kvError(w, http.StatusBadRequest, "BadParameter", "The api-version query parameter is required.")
	}
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if status, ok := kv.serveMore(w, r, seg); ok {
		return status
	}
	if len(seg) < 2 || len(seg) > 3 || seg[0] != "secrets" {
		return kvError(w, http.StatusNotFound, "NotFound", "The fake Key Vault does not serve "+r.Method+" "+r.URL.Path)
	}
	name := seg[1]
	version := ""
	if len(seg) == 3 {
		version = seg[2]
	}
	kv.mu.Lock()
	defer kv.mu.Unlock()
	switch {
	case r.Method == http.MethodPut && version == "":
		var body struct {
			Value       *string           `json:"value"`
			ContentType string            `json:"contentType"`
			Tags        map[string]string `json:"tags"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Value == nil {
			return kvError(w, http.StatusBadRequest, "BadParameter", "The request body must hold the secret's value.")
		}
		writeJSON(w, http.StatusOK, kv.set(name, *body.Value, body.ContentType, body.Tags))
		return http.StatusOK
	case r.Method == http.MethodGet:
		versions := kv.secrets[strings.ToLower(name)]
		if len(versions) == 0 {
			return kvError(w, http.StatusNotFound, "SecretNotFound", "A secret with (name/id) "+name+" was not found in this key vault.")
		}
		s := versions[len(versions)-1]
		if version != "" {
			n, err := strconv.ParseInt(version, 16, 64)
			if err != nil || n < 1 || int(n) > len(versions) {
				return kvError(w, http.StatusNotFound, "SecretNotFound", "A secret with (name/id) "+name+"/"+version+" was not found in this key vault.")
			}
			s = versions[n-1]
		}
		writeJSON(w, http.StatusOK, s)
		return http.StatusOK
	}
	return kvError(w, http.StatusMethodNotAllowed, "BadParameter", r.Method+" is not supported on "+r.URL.Path)
}

func kvError(w http.ResponseWriter, status int, code, message string) int {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": message}})
	return status
}
