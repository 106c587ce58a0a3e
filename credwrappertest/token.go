package credwrappertest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Claims are the claims of a token issued by the fake Entra ID. The JSON names
// are those of Entra ID's v1 access tokens.
type Claims struct {
	Audience  string `json:"aud"`             // the resource the token is for
	Issuer    string `json:"iss"`             // https://sts.windows.net/{tenant}/
	TenantID  string `json:"tid"`             // the tenant that issued the token
	Subject   string `json:"sub"`             // the principal: the client or the user
	ObjectID  string `json:"oid,omitempty"`   // the principal's object ID
	AppID     string `json:"appid,omitempty"` // the client ID of the application that asked
	IssuedAt  int64  `json:"iat"`             // Unix seconds
	NotBefore int64  `json:"nbf"`             // Unix seconds
	ExpiresAt int64  `json:"exp"`             // Unix seconds; the fakes refuse the token after it, plus DefaultClockSkew
	ID        string `json:"jti"`             // unique per token
	Version   string `json:"ver"`             // "1.0"
	Scope     string `json:"scp,omitempty"`   // delegated permissions, in user tokens
	// PreferredUsername is set in ID tokens.
	PreferredUsername string   `json:"preferred_username,omitempty"`
	XMSCC             []string `json:"xms_cc,omitempty"` // client capabilities: ["CP1"] for a CAE token
	// Serial numbers the tokens of one fake Entra ID in issue order.
	Serial int64 `json:"xms_cwt_serial"`
	// RequestedClaims is the claims challenge the token answers ("" if none).
	RequestedClaims string `json:"xms_cwt_claims,omitempty"`
	// IssuedAtNano is the issue time in nanoseconds (iat has seconds only).
	IssuedAtNano int64 `json:"xms_cwt_iat_ns"`
}

// CAE reports whether the token is a Continuous Access Evaluation token.
func (c *Claims) CAE() bool {
	for _, v := range c.XMSCC {
		if strings.EqualFold(v, "cp1") {
			return true
		}
	}
	return false
}

// Expires returns the expiry time.
func (c *Claims) Expires() time.Time { return time.Unix(c.ExpiresAt, 0) }

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","kid":"credwrappertest"}`))

// sign encodes c as a JWT signed with key (HS256).
func sign(c *Claims, key []byte) (string, error) {
	payload, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)), nil
}

var errMalformedToken = errors.New("malformed token")

// verify checks the signature of token with key and returns its claims. It
// does not check times or audience.
func verify(token string, key []byte) (*Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errMalformedToken
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, errMalformedToken
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, m.Sum(nil)) {
		return nil, errors.New("invalid signature")
	}
	return decode(parts[1])
}

// ParseUnverified returns the claims of a JWT without checking its signature,
// for assertions on what a client sent.
func ParseUnverified(token string) (*Claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errMalformedToken
	}
	return decode(parts[1])
}

func decode(payload string) (*Claims, error) {
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, errMalformedToken
	}
	var c Claims
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformedToken, err)
	}
	return &c, nil
}
