package credwrappertest

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Request is what a fake service recorded of one request it received.
type Request struct {
	Method    string    // the HTTP method
	Path      string    // the URL path, without the query
	UserAgent string    // the User-Agent: autorest's for legacy clients, azsdk-go-... for new ones
	Received  time.Time // when the service received it, by the cloud's clock (Options.Now)
	Status    int       // the status answered
	// HadToken reports whether the request carried a bearer token at all.
	HadToken bool
	// Token holds the claims of the bearer token, when one was sent and
	// its signature was valid (even if it was then rejected).
	Token *Claims
	// Rejection says why the token was refused ("" if it was accepted or
	// there was none).
	Rejection string
	// Auxiliary holds the claims of the x-ms-authorization-auxiliary tokens.
	Auxiliary []*Claims
}

// Recorder keeps the requests a fake service received and answers questions
// about them. Its methods are safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	reqs []Request
}

func (r *Recorder) record(req Request) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
}

// Requests returns the requests received, in order.
func (r *Recorder) Requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.reqs...)
}

// Reset forgets the requests received.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.reqs = nil
	r.mu.Unlock()
}

// DistinctTokens returns the number of different valid-signature tokens
// received.
func (r *Recorder) DistinctTokens() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := map[string]bool{}
	for _, q := range r.reqs {
		if q.Token != nil {
			seen[q.Token.ID] = true
		}
	}
	return len(seen)
}

// Unauthenticated returns the number of requests that carried no token.
func (r *Recorder) Unauthenticated() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, q := range r.reqs {
		if !q.HadToken {
			n++
		}
	}
	return n
}

// Rejected returns the requests whose token was refused.
func (r *Recorder) Rejected() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Request
	for _, q := range r.reqs {
		if q.Rejection != "" {
			out = append(out, q)
		}
	}
	return out
}

// Audiences returns the distinct audiences of the tokens received, in order of
// first appearance.
func (r *Recorder) Audiences() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.reqs {
		if q.Token != nil && !contains(out, q.Token.Audience) {
			out = append(out, q.Token.Audience)
		}
	}
	return out
}

// DefaultClockSkew is how long past its exp claim the fake services still
// accept a token, as real services allow for clock skew (Azure allows five
// minutes; the fakes are stricter). Request.Received and Claims.ExpiresAt let
// a test check expiry exactly.
const DefaultClockSkew = time.Second

// ExpiredAtReceipt returns the requests whose token had expired (by its exp
// claim, without clock skew) when the service received it.
func (r *Recorder) ExpiredAtReceipt() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Request
	for _, q := range r.reqs {
		if q.Token != nil && !q.Received.Before(time.Unix(q.Token.ExpiresAt, 0)) {
			out = append(out, q)
		}
	}
	return out
}

// checkToken validates the bearer token of r for one of audiences. It returns
// the record to complete and whether the token is acceptable.
func checkToken(e *Entra, r *http.Request, audiences []string) (Request, bool) {
	rec := Request{Method: r.Method, Path: r.URL.Path, UserAgent: r.UserAgent(), Received: e.now()}
	h := r.Header.Get("Authorization")
	if h == "" {
		return rec, false
	}
	rec.HadToken = true
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		rec.Rejection = "the Authorization header is not a bearer token"
		return rec, false
	}
	c, err := e.Verify(tok)
	if err != nil {
		rec.Rejection = "token: " + err.Error()
		return rec, false
	}
	rec.Token = c
	now := rec.Received
	switch {
	case !contains(audiences, c.Audience):
		rec.Rejection = "wrong audience " + c.Audience
	case c.Issuer != "https://sts.windows.net/"+c.TenantID+"/":
		rec.Rejection = "wrong issuer " + c.Issuer
	case !now.Before(time.Unix(c.ExpiresAt, 0).Add(DefaultClockSkew)):
		rec.Rejection = "token expired"
	case now.Before(time.Unix(c.NotBefore, 0)):
		rec.Rejection = "token not yet valid"
	}
	return rec, rec.Rejection == ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
