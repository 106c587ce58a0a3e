// Package redact is the one sanitizer of the module: every URL (or URL-like
// audience) that credwrapper or an adapter puts in an error or a log goes
// through it, so that user information, a query (a SAS signature) or a
// fragment never reaches one.
package redact

import (
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Format writes s.String() under every verb and flag (%v, %+v, %#v, %s, %q,
// %x, %d...), for the Format method of a type that holds a secret, so that
// no verb prints its fields:
//
//	func (c Credential) Format(f fmt.State, _ rune) { redact.Format(f, c) }
//
// Format's receiver should be a value where String's is, so that a struct
// holding the type by value prints through it too.
func Format(f fmt.State, s fmt.Stringer) { _, _ = io.WriteString(f, s.String()) }

// URL returns u without user information, query or fragment.
func URL(u *url.URL) string {
	c := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	return c.String()
}

// String is URL for a URL given as a string, such as an amqp-common audience;
// "(unparsable)" when it is not one.
func String(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return URL(u)
}

// Error returns err with u's user information, query and fragment removed
// from its message, for an error (a transport's *url.Error, say) about a
// request to u. The result wraps err: errors.Is and errors.As still reach it.
func Error(err error, u *url.URL) error {
	if err == nil || u == nil {
		return err
	}
	var secrets []string
	for _, s := range []string{u.RawQuery, u.Query().Encode(), u.Fragment, u.EscapedFragment(), u.User.String()} {
		if s != "" {
			secrets = append(secrets, s)
		}
	}
	if len(secrets) == 0 {
		return err
	}
	return &redactedError{err: err, raw: u.String(), safe: URL(u), secrets: secrets}
}

// redactedError is an error whose message is scrubbed of a URL's secrets.
type redactedError struct {
	err       error
	raw, safe string
	secrets   []string
}

func (e *redactedError) Error() string {
	msg := strings.ReplaceAll(e.err.Error(), e.raw, e.safe)
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, "REDACTED")
	}
	return msg
}

func (e *redactedError) Unwrap() error { return e.err }
