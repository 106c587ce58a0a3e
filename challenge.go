package credwrapper

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/azcompat/credwrapper/internal/hostrule"
)

// challenge is one authentication challenge of a WWW-Authenticate header,
// such as Bearer authorization="https://login.microsoftonline.com/tenant",
// resource="https://vault.azure.net".
type challenge struct {
	scheme string
	params map[string]string // lower-case names
}

// parseChallenges parses WWW-Authenticate header values (RFC 9110 section
// 11.6.1): challenges separated by commas, each a scheme followed by
// name=value parameters whose values are tokens or quoted strings with
// backslash escapes. It never fails: what cannot be parsed is skipped, and a
// malformed header yields the challenges parsed before the damage.
func parseChallenges(values []string) []challenge {
	var out []challenge
	for _, v := range values {
		p := challengeParser{s: v}
		for {
			c, ok := p.next()
			if !ok {
				break
			}
			out = append(out, c)
		}
	}
	return out
}

type challengeParser struct {
	s string
	i int
}

func (p *challengeParser) skipSpaceAndCommas() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

func (p *challengeParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~/", c) >= 0
}

func (p *challengeParser) token() string {
	start := p.i
	for p.i < len(p.s) && isTokenChar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// next returns the next challenge.
func (p *challengeParser) next() (challenge, bool) {
	p.skipSpaceAndCommas()
	scheme := p.token()
	if scheme == "" {
		return challenge{}, false
	}
	c := challenge{scheme: scheme, params: map[string]string{}}
	for {
		p.skipSpaceAndCommas()
		save := p.i
		name := p.token()
		p.skipSpace()
		if name == "" || p.i >= len(p.s) || p.s[p.i] != '=' {
			// not a parameter: the start of the next challenge (or junk)
			p.i = save
			if name == "" && p.i < len(p.s) {
				p.i++ // skip one unparsable byte so that parsing progresses
				if p.i < len(p.s) {
					continue
				}
			}
			return c, true
		}
		p.i++ // '='
		// token68 values end with '=' padding; keep them whole
		for p.i < len(p.s) && p.s[p.i] == '=' {
			p.i++
		}
		p.skipSpace()
		var value string
		if p.i < len(p.s) && p.s[p.i] == '"' {
			value = p.quoted()
		} else {
			value = p.token()
		}
		c.params[strings.ToLower(name)] = value
	}
}

// quoted reads a quoted string starting at the opening quote.
func (p *challengeParser) quoted() string {
	p.i++ // opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		ch := p.s[p.i]
		switch {
		case ch == '\\' && p.i+1 < len(p.s):
			b.WriteByte(p.s[p.i+1])
			p.i += 2
		case ch == '"':
			p.i++
			return b.String()
		default:
			b.WriteByte(ch)
			p.i++
		}
	}
	return b.String() // unterminated: what there is
}

// bearerChallenge returns the first Bearer challenge of a response, if any.
func bearerChallenge(h http.Header) (challenge, bool) {
	for _, c := range parseChallenges(h.Values("WWW-Authenticate")) {
		if strings.EqualFold(c.scheme, "Bearer") {
			return c, true
		}
	}
	return challenge{}, false
}

var errBadClaims = errors.New("credwrapper: the claims challenge is not valid base64")

// caeClaims returns the decoded claims of a Continuous Access Evaluation
// challenge (error="insufficient_claims", claims="<base64>"), or "" when c is
// not one.
func caeClaims(c challenge) (string, error) {
	if c.params["error"] != "insufficient_claims" || c.params["claims"] == "" {
		return "", nil
	}
	raw := c.params["claims"]
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(raw); err == nil {
			return string(b), nil
		}
	}
	return "", errBadClaims
}

// challengeTarget is what a data-plane challenge asks for: a scope and a
// tenant.
type challengeTarget struct {
	scope  string
	tenant string
}

// targetFromChallenge reads the scope and tenant of a challenge such as Key
// Vault's (authorization="https://login.microsoftonline.com/{tenant}",
// resource="https://vault.azure.net") and checks that the token it asks for,
// the scope (else the resource's), belongs to the domain of requestHost
// ([hostrule.Fits]), so that a hostile endpoint cannot obtain a token for
// another audience. A challenge whose scope and resource name different
// audiences ([hostrule.SameAudience]) is refused.
func targetFromChallenge(c challenge, requestHost string) (challengeTarget, error) {
	var t challengeTarget
	authz := c.params["authorization"]
	if authz == "" {
		authz = c.params["authorization_uri"]
	}
	if authz != "" {
		u, err := url.Parse(authz)
		if err != nil || u.Host == "" {
			return t, errors.New("credwrapper: the challenge's authorization URI is not a URL")
		}
		t.tenant = strings.Split(strings.Trim(u.Path, "/"), "/")[0]
		if t.tenant != "" && !validTenantID(t.tenant) {
			return t, errors.New("credwrapper: the challenge names an invalid tenant")
		}
	}
	resource, scope := c.params["resource"], c.params["scope"]
	switch {
	case scope != "" && resource != "" && !hostrule.SameAudience(scope, resource):
		return t, errors.New("credwrapper: the challenge's scope and resource name different audiences")
	case scope != "":
		t.scope = scope
	case resource != "":
		t.scope = ScopeFromResource(resource)
	default:
		return t, errors.New("credwrapper: the challenge names no resource or scope")
	}
	if err := validateScope(t.scope); err != nil {
		return t, errors.New("credwrapper: the challenge's scope is not valid: " + err.Error())
	}
	if err := hostrule.Fits(t.scope, hostrule.Parse(requestHost)); err != nil {
		return t, fmt.Errorf("credwrapper: %w", err)
	}
	return t, nil
}
