package credwrappertest

import (
	"fmt"

	"github.com/azcompat/credwrapper/internal/redact"
)

// The fakes print their addresses, never the signing key, the secrets a vault
// stores, the tokens a service accepted or the assertion a client sent.

// String describes the fake ARM by its URL.
func (a *ARM) String() string {
	if a == nil {
		return "credwrappertest.ARM(nil)"
	}
	return "credwrappertest.ARM{URL:" + a.URL + "}"
}

// GoString is String, for %#v.
func (a *ARM) GoString() string { return a.String() }

// Format prints String for every verb.
func (a *ARM) Format(f fmt.State, _ rune) { redact.Format(f, a) }

// String describes the fake vault by its URL, without its secrets.
func (v *KeyVault) String() string {
	if v == nil {
		return "credwrappertest.KeyVault(nil)"
	}
	return "credwrappertest.KeyVault{URL:" + v.URL + "}"
}

// GoString is String, for %#v.
func (v *KeyVault) GoString() string { return v.String() }

// Format prints String for every verb.
func (v *KeyVault) Format(f fmt.State, _ rune) { redact.Format(f, v) }

// String describes the fake namespace by its host, without the tokens it
// accepted.
func (n *Namespace) String() string {
	if n == nil {
		return "credwrappertest.Namespace(nil)"
	}
	return "credwrappertest.Namespace{Host:" + n.Host + "}"
}

// GoString is String, for %#v.
func (n *Namespace) GoString() string { return n.String() }

// Format prints String for every verb.
func (n *Namespace) Format(f fmt.State, _ rune) { redact.Format(f, n) }

// String describes the request without the client assertion it carried.
func (r TokenRequest) String() string {
	assertion := ""
	if r.Assertion != "" {
		assertion = "REDACTED"
	}
	return fmt.Sprintf("credwrappertest.TokenRequest{Endpoint:%q TenantID:%q ClientID:%q GrantType:%q Proof:%q Username:%q Assertion:%q Scope:%q Resource:%q CAE:%t Claims:%q Status:%d}",
		r.Endpoint, r.TenantID, r.ClientID, r.GrantType, r.Proof, r.Username, assertion, r.Scope, r.Resource, r.CAE, r.Claims, r.Status)
}

// GoString is String, for %#v.
func (r TokenRequest) GoString() string { return r.String() }

// Format prints String for every verb.
func (r TokenRequest) Format(f fmt.State, _ rune) { redact.Format(f, r) }
