package credwrappertest

import (
	"encoding/base64"
	"fmt"
	"sync"
)

// revocation is a service's Continuous Access Evaluation state: after a
// revocation event, the tokens issued before it are refused with a claims
// challenge, and tokens issued after it (such as one obtained by answering
// the challenge) are accepted.
type revocation struct {
	mu      sync.Mutex
	pending bool   // the next authenticated request triggers the revocation
	upTo    int64  // tokens with a serial up to this are revoked
	nbf     int64  // the time of the last revocation, in Unix seconds
	claims  string // the claims of the last challenge
}

func (v *revocation) once() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.pending = true
}

func (v *revocation) lastClaims() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.claims
}

// challenge returns the WWW-Authenticate value refusing a token with serial
// (issued by e) and true, or false when the token is accepted.
func (v *revocation) challenge(e *Entra, tenantID string, serial int64) (string, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.pending {
		v.pending = false
		v.upTo = e.serial.Load()
		// Each revocation names a later time than the one before, so that
		// two revocations within a second still ask for different claims.
		v.nbf = max(e.now().Unix(), v.nbf+1)
		v.claims = fmt.Sprintf(`{"access_token":{"nbf":{"essential":true,"value":"%d"}}}`, v.nbf)
	}
	if serial > v.upTo {
		return "", false
	}
	return fmt.Sprintf(`Bearer authorization_uri="%s/%s", error="insufficient_claims", claims="%s"`,
		e.URL, tenantID, base64.StdEncoding.EncodeToString([]byte(v.claims))), true
}
