package credwrapper

import (
	"net/http"

	"github.com/azcompat/credwrapper/internal/hostrule"
)

// The challenge protocol: how the wrapper answers a 401 and a Continuous
// Access Evaluation claims challenge. This comment is its one statement;
// judge (below), entry.answer, entry.settle and ChallengeAuthorizer's learn
// and refused are its one implementation. The legacy Sender
// (challengeSender, installed by Attach and ChallengeAuthorizer.Sender),
// GetToken with claims (a new client's BearerTokenPolicy) and the
// ChallengeAuthorizer all ask them; none decides on its own.
//
// # States
//
// Per cache entry (one scope set, tenant and CAE setting; entry.go):
//
//   - cur: the token sent, with the claims it (or a token before it) was
//     fetched for and when;
//   - fetching: the one credential call in flight, or none;
//   - failed: the back-off of fetches without claims;
//   - keyed[host, claims]: one back-off per host and claims value, counting
//     failed claims fetches and refusals of their answers, and per host its
//     plain 401s (claims "");
//   - calls: the credential calls of the last minute.
//
// Per ChallengeAuthorizer host (challenge_authorizer.go):
//
//   - learned: the entry the host's challenge named, or none;
//   - hosts[host].relearn: the back-off of re-learning the host (its
//     refusals of learned tokens and its failed probes);
//   - hosts[host].probes: its probes of the last minute.
//
// # Events
//
// A response arrives (judge). A 401 belongs to the request that received it:
// resp.Request, after any redirect or resend, not the request first sent.
// Only a 401 to a request that carried one of our tokens (the current token
// of the entry for that request's host, or one of the last it replaced) is
// ours to answer; any other response passes through untouched. Ours is:
//
//   - a claims challenge: answer it (below) and resend the request once
//     more, its body rewound, up to three times per request;
//   - a malformed claims challenge: nothing, the 401 stands and the token is
//     kept;
//   - any other 401: the token is dropped (the next request fetches one),
//     unless that host's plain 401s are backing off (keyed[host, ""]: the
//     first is immediate, then 1 s doubling up to 30 s), and a
//     ChallengeAuthorizer forgets the host, to probe it again.
//
// A claims challenge is answered (entry.answer). One revocation heard by N
// concurrent requests, legacy or new, costs one fetch: a token already
// fetched for the same claims answers it, unless it is the very token the
// challenge refused (for a new client's GetToken, which does not say, an
// answer stands for tokentime.ClaimsAnswerStands). The same claims refused
// again after an answer get a new fetch, but each such refusal counts as a
// failure of (host, claims), whose back-off the next fetch waits for;
// meanwhile the 401 stands (legacy) or GetToken fails fast (new clients).
//
// A fetch ends (entry.settle). Its failure counts in the back-off of what
// failed: a claims fetch in keyed[host, claims], any other in failed. A
// token fetched resets failed (the entry has a token again); a claims
// back-off ends only at its time.
//
// A host refuses a learned token (ChallengeAuthorizer.refused): it is
// forgotten and counts in hosts[host].relearn, as a failed probe does; the
// next probe waits for that back-off.
//
// # Back-off is keyed by what failed
//
// A failure of one host or one claims value never delays another's
// requests: each has its own back-off. A back-off counts failures less than
// tokentime.BackoffMemory apart, whatever answers came between them, so that
// alternating answers (200, then a 401 naming a new tenant, then 200...)
// cannot reset it; a success ends only its own back-off's wait.
//
// # Bounds, under any server behaviour
//
//   - at most tokentime.MaxCredentialCallsPerEntryPerMinute credential calls
//     per entry in any 60 s (calls: past it, callers with a usable token keep
//     it and others fail fast);
//   - at most tokentime.MaxProbesPerHostPerMinute probes per host in any
//     60 s;
//   - at most three resends per request.
//
// # Auxiliary tenants
//
// The x-ms-authorization-auxiliary tokens go on every request that gets the
// primary entry's token: with ScopeFromHost, the Resource Manager host gets
// the primary entry whichever alias of the Resource Manager audience
// (management.azure.com, management.core.windows.net) the wrapper's scope
// names.

// verdictKind is what the protocol makes of a response.
type verdictKind int

const (
	notOurs     verdictKind = iota // pass it through untouched
	expired                        // a plain 401 to our token
	claimsAsked                    // a claims challenge to our token
)

// verdict is the protocol's reading of one response.
type verdict struct {
	kind   verdictKind
	entry  *entry // whose token the request carried
	host   string // the host of the request answered (hostrule.Key)
	sent   string // the Authorization header it carried
	claims string // the claims asked for
}

// judge reads resp, the answer to r or to a request r led to (a redirect):
// whose 401 it is, and what it asks. Any answer but a 401 is read from its
// status alone.
func judge(resp *http.Response, r *http.Request, entryFor func(*http.Request) *entry) verdict {
	if resp == nil || resp.StatusCode != http.StatusUnauthorized {
		return verdict{}
	}
	got := resp.Request
	if got == nil {
		got = r
	}
	if got.URL == nil {
		return verdict{}
	}
	sent := got.Header.Get(headerAuthorization)
	e := entryFor(got)
	if e == nil || !e.issued(sent) {
		// No token, or not ours (an unauthenticated probe, another
		// authorizer's token, a header a redirect stripped).
		return verdict{}
	}
	claims, isClaims, err := claimsChallenge(resp.Header)
	switch {
	case err != nil:
		return verdict{}
	case !isClaims:
		return verdict{kind: expired, entry: e, host: hostrule.Key(got.URL.Host), sent: sent}
	}
	return verdict{kind: claimsAsked, entry: e, host: hostrule.Key(got.URL.Host), sent: sent, claims: claims}
}
