package credwrappertest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Call is one request as a [Recording] compares it.
type Call struct {
	// Service is "arm" or "keyvault".
	Service string
	// Method is the HTTP method.
	Method string
	// Path is the URL path, as sent.
	Path string
	// Query is the query without api-version, its keys sorted ("" if none).
	Query string
	// APIVersion is the api-version query parameter.
	APIVersion string
	// Body is the body in canonical JSON ([CanonicalJSON]): keys sorted,
	// no insignificant space, null members and empty-object members
	// dropped ("" if there is no body). The string values of members named
	// value, password, adminPassword, secret, clientSecret and customData
	// (in any case) are replaced by a digest, "sha256:" and 12 hex digits,
	// so that a recording never holds a secret; a body that is not JSON is
	// replaced by its digest. Resource Manager PUT and PATCH bodies also
	// lose the members the service sets itself and ignores in a request:
	// the top-level id,
	// name, type and etag (the path names the resource) and every
	// provisioningState, which a new SDK's client sends back when it writes
	// a resource it read and a legacy client omits.
	Body string
	// Status is the status the fake answered.
	Status int
	// Poll reports a GET of an operation URL the fake handed out in an
	// Azure-AsyncOperation or Location header.
	Poll bool
}

// String formats the call on one line: method, path, query, api-version and
// body.
func (c Call) String() string {
	var b strings.Builder
	b.WriteString(c.Method)
	b.WriteByte(' ')
	b.WriteString(c.Path)
	if c.Query != "" {
		b.WriteString("?" + c.Query)
	}
	if c.APIVersion != "" {
		b.WriteString(" (api-version " + c.APIVersion + ")")
	}
	if c.Body != "" {
		b.WriteString(" " + c.Body)
	}
	return b.String()
}

// Recording is the requests a fake cloud received, in order.
type Recording []Call

// Traffic records every request the fake Resource Manager and Key Vault of
// a [Cloud] receive, in one sequence, as [Call]s. It keeps what it needs
// cheaply as requests arrive (a body is put in canonical form when a
// Recording is asked for), and [ARM.Reset] and [KeyVault.Reset] forget the
// service's calls, so that long tests that reset the fakes stay bounded. Its
// methods are safe for concurrent use.
type Traffic struct {
	mu    sync.Mutex
	calls []rawCall
}

// rawCall is a call as received.
type rawCall struct {
	service, method, path, rawQuery string
	body                            []byte
	status                          int
}

// Recording returns the calls received so far.
func (t *Traffic) Recording() Recording {
	t.mu.Lock()
	calls := append([]rawCall(nil), t.calls...)
	t.mu.Unlock()
	out := make(Recording, len(calls))
	for i, rc := range calls {
		out[i] = rc.call()
	}
	return out
}

// Reset forgets the calls received.
func (t *Traffic) Reset() {
	t.mu.Lock()
	t.calls = nil
	t.mu.Unlock()
}

// String says how many calls the traffic holds; it never prints a body
// (Recording does, with secret values as digests).
func (t *Traffic) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return fmt.Sprintf("credwrappertest.Traffic{%d calls}", len(t.calls))
}

// GoString is String, for %#v.
func (t *Traffic) GoString() string { return t.String() }

// Format prints String for every verb.
func (t *Traffic) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// forget forgets the calls one service received.
func (t *Traffic) forget(service string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	kept := t.calls[:0]
	for _, c := range t.calls {
		if c.service != service {
			kept = append(kept, c)
		}
	}
	clear(t.calls[len(kept):])
	t.calls = kept
}

// capture reads r's body (leaving it readable) and returns the call to add.
func (t *Traffic) capture(service string, r *http.Request) rawCall {
	rc := rawCall{service: service, method: r.Method, path: r.URL.Path, rawQuery: r.URL.RawQuery}
	if t != nil && r.Body != nil && r.Body != http.NoBody {
		rc.body, _ = readBody(r)
	}
	return rc
}

func (t *Traffic) add(rc rawCall, status int) {
	if t == nil {
		return
	}
	rc.status = status
	t.mu.Lock()
	t.calls = append(t.calls, rc)
	t.mu.Unlock()
}

// call puts a raw call in the form a Recording compares.
func (rc rawCall) call() Call {
	q, _ := url.ParseQuery(rc.rawQuery)
	c := Call{
		Service:    rc.service,
		Method:     rc.method,
		Path:       rc.path,
		APIVersion: q.Get("api-version"),
		Body:       canonical(rc.body, true, rc.service == "arm" && (rc.method == http.MethodPut || rc.method == http.MethodPatch)),
		Status:     rc.status,
		Poll:       rc.method == http.MethodGet && rc.service == "arm" && isOperationPath(rc.path),
	}
	q.Del("api-version")
	c.Query = q.Encode()
	return c
}

// CanonicalJSON returns body in a canonical form for comparison: object keys
// sorted, no insignificant space, numbers as written, null members and
// members whose value is an empty object dropped (at any depth; empty arrays
// are kept, since an empty list in a PUT means "none"). A body that is not
// JSON is returned as is, and an empty one as "".
func CanonicalJSON(body []byte) string { return canonical(body, false, false) }

// secretMembers name the JSON members whose values a recording keeps only as
// a digest, so that a recording, or a diff of two, never prints a secret:
// a password in a VM's osProfile, a Key Vault secret's value.
var secretMembers = map[string]bool{"value": true, "password": true, "adminpassword": true, "secret": true, "clientsecret": true, "customdata": true}

// canonical is CanonicalJSON, with secrets replaced by their digests if
// redactSecrets, and without the members Resource Manager sets itself if
// readOnly: a body's top-level id, name, type and etag (the URL names the
// resource) and every provisioningState. A legacy client omits them when it
// writes back a resource it read, a new client sends them; the service
// ignores them.
func canonical(body []byte, redactSecrets, readOnly bool) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if redactSecrets {
			return digest(string(body))
		}
		return string(body)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if m, ok := v.(map[string]any); ok && readOnly {
		for _, k := range []string{"id", "name", "type", "etag"} {
			delete(m, k)
		}
		dropMember(m, "provisioningState")
	}
	v = prune(v)
	if redactSecrets {
		v = digestSecrets(v)
	}
	if err := enc.Encode(v); err != nil {
		return string(body)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// prune drops null and empty-object members. json.Encoder sorts map keys.
func prune(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			e = prune(e)
			if m, ok := e.(map[string]any); e == nil || (ok && len(m) == 0) {
				delete(t, k)
				continue
			}
			t[k] = e
		}
		return t
	case []any:
		for i, e := range t {
			t[i] = prune(e)
		}
	}
	return v
}

// dropMember deletes the members named name at any depth.
func dropMember(v any, name string) {
	switch t := v.(type) {
	case map[string]any:
		delete(t, name)
		for _, e := range t {
			dropMember(e, name)
		}
	case []any:
		for _, e := range t {
			dropMember(e, name)
		}
	}
}

// digestSecrets replaces the string values of secret members by their digest.
func digestSecrets(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && secretMembers[strings.ToLower(k)] {
				t[k] = digest(s)
				continue
			}
			t[k] = digestSecrets(e)
		}
	case []any:
		for i, e := range t {
			t[i] = digestSecrets(e)
		}
	}
	return v
}

// digest stands for a secret in a recording: equal secrets have equal
// digests, and the digest does not reveal the secret.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:6])
}

// String prints the recording, one call per line, polls and final GETs
// marked with "~" (as Compare sets them aside).
func (r Recording) String() string {
	aside := setAside(r)
	var b strings.Builder
	for i, c := range r {
		mark := " "
		if aside[i] {
			mark = "~"
		}
		fmt.Fprintf(&b, "%s %s\n", mark, c)
	}
	return b.String()
}

// Requests returns the calls compared by [Compare], as lines (method, path,
// query and body, without api-version), for a test that stores or asserts a
// program's traffic.
func (r Recording) Requests() []string {
	kept, _ := significant(r)
	out := make([]string, len(kept))
	for i, c := range kept {
		out[i] = withoutVersion(c)
	}
	return out
}

// APIVersions returns the distinct api-versions of the recording, sorted.
func (r Recording) APIVersions() []string {
	seen := map[string]bool{}
	for _, c := range r {
		if c.APIVersion != "" {
			seen[c.APIVersion] = true
		}
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
