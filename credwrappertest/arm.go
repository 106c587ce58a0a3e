package credwrappertest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
)

// ARM is a fake Azure Resource Manager over TLS on loopback. It checks bearer
// tokens as the real service does (signature, audience, issuer, expiry) and
// serves subscriptions and resource groups.
type ARM struct {
	// URL is the endpoint, e.g. https://127.0.0.1:43124 (no trailing slash).
	URL string
	// Recorder holds the requests received.
	Recorder
	// Resources serves every path under a provider: any resource, stored by ID.
	Resources *Resources

	srv       *httptest.Server
	entra     *Entra
	audiences []string
	tenantID  string
	cae       revocation
	traffic   *Traffic // set by New: the cloud's traffic

	mu            sync.Mutex                          // guards the fields below
	subscriptions []string                            // subscription IDs
	groups        map[string]map[string]resourceGroup // subscription -> lower-case name -> group
}

type resourceGroup struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Location   string            `json:"location"`
	ManagedBy  string            `json:"managedBy,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
	Properties struct {
		ProvisioningState string `json:"provisioningState"`
	} `json:"properties"`
}

func newARM(cert *Certificate, e *Entra, audience, tenantID, subscriptionID string) *ARM {
	a := &ARM{
		entra:         e,
		tenantID:      tenantID,
		subscriptions: []string{subscriptionID},
		groups:        map[string]map[string]resourceGroup{subscriptionID: {}},
		Resources:     newResources(),
	}
	a.Resources.groupExists = a.groupExists
	// The real service accepts its audience with and without the trailing
	// slash, and the resource URI legacy code uses.
	trimmed := strings.TrimSuffix(audience, "/")
	a.audiences = []string{trimmed, trimmed + "/", "https://management.azure.com", "https://management.azure.com/"}
	a.srv = startTLS(http.HandlerFunc(a.serveHTTP), cert)
	a.URL = a.srv.URL
	return a
}

// Close shuts the server down.
func (a *ARM) Close() { a.srv.Close() }

// ChallengeOnce makes ARM answer the next authenticated request with a
// Continuous Access Evaluation claims challenge (401, WWW-Authenticate:
// Bearer error="insufficient_claims", claims="<base64>"), as after a
// revocation event. Tokens issued before the challenge are refused from then
// on with the same challenge; a new token, such as the one a client obtains
// by answering the challenge, is accepted.
func (a *ARM) ChallengeOnce() { a.cae.once() }

// ChallengeClaims returns the decoded claims of the last challenge sent ("" if
// none).
func (a *ARM) ChallengeClaims() string { return a.cae.lastClaims() }

// AddSubscription adds a subscription to the list ARM serves.
func (a *ARM) AddSubscription(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.groups[id]; !ok {
		a.subscriptions = append(a.subscriptions, id)
		a.groups[id] = map[string]resourceGroup{}
	}
}

// ResourceGroups returns the names of the resource groups of a subscription,
// sorted.
func (a *ARM) ResourceGroups(subscriptionID string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for _, g := range a.groups[subscriptionID] {
		out = append(out, g.Name)
	}
	sort.Strings(out)
	return out
}

func (a *ARM) serveHTTP(w http.ResponseWriter, r *http.Request) {
	call := a.traffic.capture("arm", r)
	rec, ok := checkToken(a.entra, r, a.audiences)
	for _, aux := range splitAuxiliary(r.Header.Get("x-ms-authorization-auxiliary")) {
		if c, err := a.entra.Verify(aux); err == nil {
			rec.Auxiliary = append(rec.Auxiliary, c)
		}
	}
	rec.Status = a.serve(w, r, rec, ok)
	a.traffic.add(call, rec.Status)
	a.record(rec)
}

func (a *ARM) serve(w http.ResponseWriter, r *http.Request, rec Request, tokenOK bool) int {
	if !tokenOK {
		code, msg := "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."
		if rec.HadToken {
			code, msg = "InvalidAuthenticationToken", "The access token is invalid: "+rec.Rejection+"."
		}
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer authorization_uri="%s/%s", error="invalid_token", error_description="%s"`, a.entra.URL, a.tenantID, msg))
		return armError(w, http.StatusUnauthorized, code, msg)
	}
	if challenge, revoked := a.cae.challenge(a.entra, a.tenantID, rec.Token.Serial); revoked {
		w.Header().Set("WWW-Authenticate", challenge)
		return armError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "The access token has been revoked (Continuous Access Evaluation).")
	}

	if r.URL.Query().Get("api-version") == "" {
		return armError(w, http.StatusBadRequest, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
	}
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(seg) == 0 || !strings.EqualFold(seg[0], "subscriptions") {
		return armError(w, http.StatusNotFound, "InvalidResourceType", "The fake ARM does not serve "+r.URL.Path)
	}
	if len(seg) == 1 {
		if r.Method != http.MethodGet {
			return armError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method)
		}
		a.mu.Lock()
		var subs []map[string]any
		for _, id := range a.subscriptions {
			subs = append(subs, a.subscription(id))
		}
		a.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"value": subs})
		return http.StatusOK
	}
	sub := seg[1]
	a.mu.Lock()
	groups, ok := a.groups[sub]
	a.mu.Unlock()
	if !ok {
		return armError(w, http.StatusNotFound, "SubscriptionNotFound", "The subscription '"+sub+"' could not be found.")
	}
	switch {
	case len(seg) == 2 && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, a.subscription(sub))
		return http.StatusOK
	case len(seg) == 3 && strings.EqualFold(seg[2], "resourcegroups") && r.Method == http.MethodGet:
		a.mu.Lock()
		list := make([]resourceGroup, 0, len(groups))
		for _, g := range groups {
			list = append(list, g)
		}
		a.mu.Unlock()
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		writeJSON(w, http.StatusOK, map[string]any{"value": list})
		return http.StatusOK
	case len(seg) == 4 && strings.EqualFold(seg[2], "resourcegroups"):
		return a.resourceGroup(w, r, sub, seg[3])
	}
	return a.Resources.serve(w, r)
}

func (a *ARM) groupExists(sub, name string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.groups[sub][strings.ToLower(name)]
	return ok
}

func (a *ARM) subscription(id string) map[string]any {
	return map[string]any{
		"id":                   "/subscriptions/" + id,
		"subscriptionId":       id,
		"tenantId":             a.tenantID,
		"displayName":          "credwrappertest subscription " + id,
		"state":                "Enabled",
		"authorizationSource":  "RoleBased",
		"subscriptionPolicies": map[string]any{"locationPlacementId": "Public_2014-09-01", "quotaId": "Internal_2014-09-01", "spendingLimit": "Off"},
	}
}

func (a *ARM) resourceGroup(w http.ResponseWriter, r *http.Request, sub, name string) int {
	key := strings.ToLower(name)
	a.mu.Lock()
	defer a.mu.Unlock()
	g, exists := a.groups[sub][key]
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if !exists {
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusNotFound)
				return http.StatusNotFound
			}
			return armError(w, http.StatusNotFound, "ResourceGroupNotFound", "Resource group '"+name+"' could not be found.")
		}
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusNoContent)
			return http.StatusNoContent
		}
		writeJSON(w, http.StatusOK, g)
		return http.StatusOK
	case http.MethodPut:
		var body struct {
			Location  string            `json:"location"`
			Tags      map[string]string `json:"tags"`
			ManagedBy string            `json:"managedBy"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Location == "" {
			return armError(w, http.StatusBadRequest, "InvalidRequestContent", "The request content must be a resource group with a location.")
		}
		g = resourceGroup{
			ID:        "/subscriptions/" + sub + "/resourceGroups/" + name,
			Name:      name,
			Type:      "Microsoft.Resources/resourceGroups",
			Location:  body.Location,
			ManagedBy: body.ManagedBy,
			Tags:      body.Tags,
		}
		g.Properties.ProvisioningState = "Succeeded"
		a.groups[sub][key] = g
		status := http.StatusCreated
		if exists {
			status = http.StatusOK
		}
		writeJSON(w, status, g)
		return status
	case http.MethodDelete:
		if !exists {
			w.WriteHeader(http.StatusNoContent)
			return http.StatusNoContent
		}
		delete(a.groups[sub], key)
		w.WriteHeader(http.StatusOK)
		return http.StatusOK
	}
	return armError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method)
}

func armError(w http.ResponseWriter, status int, code, message string) int {
	w.Header().Set("x-ms-failure-cause", "gateway")
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": message}})
	return status
}

// splitAuxiliary splits "Bearer t1, Bearer t2" into the tokens.
func splitAuxiliary(h string) []string {
	var out []string
	for _, p := range strings.Split(h, ",") {
		p = strings.TrimSpace(p)
		if scheme, tok, ok := strings.Cut(p, " "); ok && strings.EqualFold(scheme, "Bearer") {
			out = append(out, strings.TrimSpace(tok))
		}
	}
	return out
}
