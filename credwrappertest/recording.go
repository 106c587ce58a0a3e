package credwrappertest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
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
	// replaced by its digest.
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
// a [Cloud] receive, in one sequence, as [Call]s. Its methods are safe for
// concurrent use.
type Traffic struct {
	mu    sync.Mutex
	calls []Call
}

// Recording returns the calls received so far.
func (t *Traffic) Recording() Recording {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append(Recording(nil), t.calls...)
}

// Reset forgets the calls received.
func (t *Traffic) Reset() {
	t.mu.Lock()
	t.calls = nil
	t.mu.Unlock()
}

// capture reads r's body (leaving it readable) and returns the call to add.
func (t *Traffic) capture(service string, r *http.Request) Call {
	body, _ := readBody(r)
	q := r.URL.Query()
	c := Call{
		Service:    service,
		Method:     r.Method,
		Path:       r.URL.Path,
		APIVersion: q.Get("api-version"),
		Body:       canonical(body, true),
		Poll:       r.Method == http.MethodGet && service == "arm" && isOperationPath(r.URL.Path),
	}
	q.Del("api-version")
	c.Query = q.Encode()
	return c
}

func (t *Traffic) add(c Call, status int) {
	if t == nil {
		return
	}
	c.Status = status
	t.mu.Lock()
	t.calls = append(t.calls, c)
	t.mu.Unlock()
}

// CanonicalJSON returns body in a canonical form for comparison: object keys
// sorted, no insignificant space, numbers as written, null members and
// members whose value is an empty object dropped (at any depth; empty arrays
// are kept, since an empty list in a PUT means "none"). A body that is not
// JSON is returned as is, and an empty one as "".
func CanonicalJSON(body []byte) string { return canonical(body, false) }

// secretMembers name the JSON members whose values a recording keeps only as
// a digest, so that a recording, or a diff of two, never prints a secret:
// a password in a VM's osProfile, a Key Vault secret's value.
var secretMembers = map[string]bool{"value": true, "password": true, "adminpassword": true, "secret": true, "clientsecret": true, "customdata": true}

func canonical(body []byte, redactSecrets bool) string {
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
	v = prune(v)
	if redactSecrets {
		v = redact(v)
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

// redact replaces the string values of secret members by their digest.
func redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && secretMembers[strings.ToLower(k)] {
				t[k] = digest(s)
				continue
			}
			t[k] = redact(e)
		}
	case []any:
		for i, e := range t {
			t[i] = redact(e)
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

// Comparison is the result of [Compare].
type Comparison struct {
	// Equal reports whether the two recordings sent the same requests:
	// method, path (ignoring case, as Resource Manager does), query and
	// body, in the same order, with polls, final GETs and requests
	// answered 401 set aside. Statuses are not compared.
	Equal bool
	// Diff is a readable line diff of the compared requests ("" if Equal):
	// "-" lines only in the first recording, "+" lines only in the second.
	Diff string
	// APIVersions lists the requests whose api-version differs, as
	// "METHOD path: old -> new". They do not make the recordings unequal: a
	// new SDK module calls newer api-versions.
	APIVersions []string
	// SetAside counts the requests of each recording left out of the
	// comparison: polls, final GETs and requests answered 401.
	SetAside [2]int
}

// Compare compares two recordings, typically a program's before and after a
// migration from the legacy SDK to the new one. Requests that depend on how
// the SDK completes a long-running operation are set aside:
//
//   - polls: GETs of the operation URLs the fake hands out;
//   - final GETs: GETs of a resource directly after a PUT or PATCH of it
//     (polls aside). A v68 Future always sends one after a PUT; an azcore
//     poller only when the response named an operation to poll. A GET the
//     program itself sends right after writing the resource is set aside
//     too, on both sides;
//   - requests answered 401: a Key Vault client's first request, which
//     fetches the challenge, and a resend after a claims challenge.
//
// The remaining requests must match one for one; api-version differences are
// reported in APIVersions without making the recordings unequal.
func Compare(before, after Recording) Comparison {
	a, na := significant(before)
	b, nb := significant(after)
	c := Comparison{Equal: true, SetAside: [2]int{na, nb}}
	key := func(x Call) string {
		return x.Service + " " + x.Method + " " + strings.ToLower(x.Path) + "?" + x.Query + " " + x.Body
	}
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i] = key(a[i])
	}
	for i := range b {
		kb[i] = key(b[i])
	}
	ops := diffLines(ka, kb)
	var d strings.Builder
	for _, op := range ops {
		switch op.kind {
		case ' ':
			x, y := a[op.i], b[op.j]
			if x.APIVersion != y.APIVersion {
				c.APIVersions = append(c.APIVersions, fmt.Sprintf("%s %s: %s -> %s", x.Method, x.Path, x.APIVersion, y.APIVersion))
			}
			fmt.Fprintf(&d, "  %s\n", withoutVersion(x))
		case '-':
			c.Equal = false
			fmt.Fprintf(&d, "- %s\n", withoutVersion(a[op.i]))
		case '+':
			c.Equal = false
			fmt.Fprintf(&d, "+ %s\n", withoutVersion(b[op.j]))
		}
	}
	if !c.Equal {
		c.Diff = d.String()
	}
	return c
}

func withoutVersion(c Call) string {
	c.APIVersion = ""
	return c.String()
}

// significant returns the calls of r that Compare compares and the number
// set aside.
func significant(r Recording) (Recording, int) {
	aside := setAside(r)
	var out Recording
	for i, c := range r {
		if !aside[i] {
			out = append(out, c)
		}
	}
	return out, len(r) - len(out)
}

// setAside marks the polls and final GETs of r.
func setAside(r Recording) []bool {
	aside := make([]bool, len(r))
	lastWrite := "" // the lower-case path of the last PUT or PATCH, while only its final GETs follow
	for i, c := range r {
		if c.Poll || c.Status == http.StatusUnauthorized {
			aside[i] = true
			continue
		}
		p := strings.ToLower(c.Path)
		if c.Method == http.MethodGet && lastWrite != "" && p == lastWrite {
			aside[i] = true
			continue
		}
		lastWrite = ""
		if c.Method == http.MethodPut || c.Method == http.MethodPatch {
			lastWrite = p
		}
	}
	return aside
}

type diffOp struct {
	kind byte // ' ', '-' or '+'
	i, j int
}

// diffLines returns a shortest edit script from a to b (longest common
// subsequence; recordings are short).
func diffLines(a, b []string) []diffOp {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{' ', i, j})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, diffOp{'-', i, 0})
			i++
		default:
			ops = append(ops, diffOp{'+', 0, j})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, diffOp{'-', i, 0})
	}
	for ; j < m; j++ {
		ops = append(ops, diffOp{'+', 0, j})
	}
	return ops
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
