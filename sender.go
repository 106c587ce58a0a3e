package credwrapper

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/Azure/go-autorest/autorest"
	"github.com/azcompat/credwrapper/internal/hostrule"
)

// maxRewindBody is the largest request body the sender keeps in memory to
// resend a request after a claims challenge. Larger bodies without GetBody are
// sent once.
const maxRewindBody = 16 << 20

// maxClaimsAnswers bounds how many times the Sender answers the claims
// challenges of one request, and so resends it.
const maxClaimsAnswers = 3

// Sender returns an autorest.Sender that sends requests with base (nil means
// go-autorest's default sender) and answers the authentication challenges of
// the responses to requests carrying a token this wrapper attached, as
// azcore's BearerTokenPolicy does for new clients:
//
//   - a 401 expires the cached token the request carried, so the next request
//     gets a new one;
//   - a 401 with a Continuous Access Evaluation claims challenge
//     (error="insufficient_claims") gets a token satisfying the claims and
//     resends the request once, with its body rewound. One revocation costs
//     one claims refresh, however many requests (legacy or new clients) hear
//     it; a claims refresh that fails fails the challenged request only, and
//     repeated failures back off (1 s, doubling up to 30 s).
//
// A 401 is judged by the request it answers (after a redirect, the last
// one): a 401 to a request without a token, or with a token this wrapper did
// not attach, is returned untouched, so that a host cannot make the wrapper
// fetch a token by answering an unauthenticated request, or one whose token
// a redirect stripped, with a claims challenge. A malformed claims challenge
// is returned untouched too.
//
// With this sender installed, the legacy path can use CAE tokens safely
// (Options.EnableCAE) and so share one token with new ARM clients. Use
// [CredentialWrapper.Attach] to install both the authorizer and the sender.
func (w *CredentialWrapper) Sender(base autorest.Sender) autorest.Sender {
	return &challengeSender{base: base, entryFor: w.entryFor}
}

// challengeSender is the one Sender of the package: the wrapper's, and a
// ChallengeAuthorizer's with its two hooks.
type challengeSender struct {
	base autorest.Sender // nil: go-autorest's default sender
	// entryFor returns the entry whose token a request to r's host carries,
	// or nil.
	entryFor func(r *http.Request) *entry
	// refused, if set, is told that host answered e's token with a 401
	// that was not a claims challenge (the token was expired).
	refused func(host string, e *entry)
	// accepted, if set, is told that urlHost (as the request spells it)
	// answered a request carrying sent with anything but a 401. It runs on
	// every response, so it normalizes the host only when it needs it.
	accepted func(urlHost, sent string)
}

// Do sends r and answers the 401 that rejects a token of this package.
func (s *challengeSender) Do(r *http.Request) (*http.Response, error) {
	base := s.base
	if base == nil {
		base = autorest.CreateSender()
	}
	rewind, err := makeRewindable(r)
	if err != nil {
		return nil, err
	}
	resp, err := base.Do(r)
	if err != nil || resp == nil {
		return resp, err
	}
	// The request the answer is to: after a redirect, not r, and net/http
	// removes the Authorization header of a redirect to another host.
	got := resp.Request
	if got == nil {
		got = r
	}
	if got.URL == nil {
		return resp, nil
	}
	sent := got.Header.Get(headerAuthorization)
	if resp.StatusCode != http.StatusUnauthorized {
		if s.accepted != nil {
			s.accepted(got.URL.Host, sent)
		}
		return resp, nil
	}
	host := hostrule.Key(got.URL.Host)
	e := s.entryFor(got)
	if e == nil || !e.issued(sent) {
		// No token, or not ours (an unauthenticated probe, another
		// authorizer's token, a header a redirect stripped): the challenge
		// is not ours to answer.
		return resp, nil
	}
	claims, isClaims, err := claimsChallenge(resp.Header)
	switch {
	case err != nil:
		// A claims challenge that cannot be read says nothing we can act
		// on: the 401 stands, and the token is kept.
		return resp, nil
	case !isClaims:
		e.expireSent(sent, host)
		if s.refused != nil {
			s.refused(host, e)
		}
		return resp, nil
	}
	// A claims challenge revokes the token, not what was learned of the
	// host: answer it with a token satisfying the claims. A token that
	// another request fetched for the same claims answers it at once. The
	// resent request carries our token too: should the service refuse it
	// with a claims challenge again (a token refused with the same claims,
	// or a second revocation while the request was on its way), that is
	// answered as well, up to maxClaimsAnswers times.
	for range maxClaimsAnswers {
		t, err := e.answer(r.Context(), claims, sent)
		if err != nil {
			drain(resp)
			return nil, err
		}
		if !rewind {
			return resp, nil // the body was sent once and is gone
		}
		if r.GetBody != nil {
			body, err := r.GetBody()
			if err != nil {
				return resp, nil
			}
			r.Body = body
		}
		drain(resp)
		r.Header.Set(headerAuthorization, t.header)
		resp, err = base.Do(r)
		ev := e.claimsAnswered(host, resp)
		e.emit(&ev)
		if err != nil || resp.StatusCode != http.StatusUnauthorized {
			return resp, err
		}
		next, isClaims, _ := claimsChallenge(resp.Header)
		if !isClaims {
			return resp, nil
		}
		claims, sent = next, t.header
	}
	return resp, nil
}

// Attach makes w the Authorizer of client and wraps the client's Sender with
// [CredentialWrapper.Sender], so the client answers 401 and CAE claims
// challenges.
func (w *CredentialWrapper) Attach(client *autorest.Client) {
	client.Authorizer = w
	client.Sender = w.Sender(client.Sender)
}

// makeRewindable makes sure the body of r can be sent again. A request that
// can rewind itself (GetBody) is left alone, and so is a body that is an
// io.NopCloser around a *bytes.Reader, such as the one go-autorest's retry
// loop gives every v68 request: it is read again at its offset instead of
// copied.
// Otherwise the body is read once into a buffer of exactly its ContentLength
// when that is known, or a growing one when it is not. It reports false when
// the body is too large to keep, and is then sent once, as it was.
func makeRewindable(r *http.Request) (bool, error) {
	if r.Body == nil || r.Body == http.NoBody || r.GetBody != nil {
		return true, nil
	}
	if getBody, ok := sharedBodyReader(r.Body); ok {
		r.GetBody = getBody
		return true, nil
	}
	if r.ContentLength > maxRewindBody {
		return false, nil
	}
	var buf []byte
	var err error
	if r.ContentLength > 0 {
		buf = make([]byte, r.ContentLength)
		_, err = io.ReadFull(r.Body, buf)
	} else {
		buf, err = io.ReadAll(io.LimitReader(r.Body, maxRewindBody+1))
		if err == nil && len(buf) > maxRewindBody {
			// too large to keep: send it once, as it was
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
			return false, nil
		}
	}
	if err != nil {
		return false, fmt.Errorf("credwrapper: reading the request body: %w", err)
	}
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(buf))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf)), nil }
	return true, nil
}

// readerAtBody is what *bytes.Reader and *strings.Reader offer: reads at an
// offset that leave the reader's own position alone.
type readerAtBody interface {
	io.ReaderAt
	Size() int64 // the length of the underlying data
	Len() int    // the unread part
}

// sharedBodyReader returns a GetBody for a body that is an io.NopCloser around a
// *bytes.Reader (or anything with ReadAt, Size and Len), as go-autorest's
// retry loop gives every v68 request: each call returns an independent
// reader of the unread part, over the same memory, without copying it. The
// transport may still be reading the original body (over HTTP/2 a server can
// answer before it has read the request), so the reader itself is never
// touched. io.NopCloser's types are not exported, so the reader is reached
// by reflection; any other body reports false.
func sharedBodyReader(body io.ReadCloser) (func() (io.ReadCloser, error), bool) {
	v := reflect.ValueOf(body)
	if v.Kind() != reflect.Struct || v.Type().PkgPath() != "io" || v.NumField() != 1 || v.Type().Field(0).Name != "Reader" {
		return nil, false
	}
	f := v.Field(0)
	if !f.CanInterface() {
		return nil, false
	}
	ra, ok := f.Interface().(readerAtBody)
	if !ok {
		return nil, false
	}
	size := int64(ra.Len())
	start := ra.Size() - size
	return func() (io.ReadCloser, error) {
		return io.NopCloser(io.NewSectionReader(ra, start, size)), nil
	}, true
}

func drain(resp *http.Response) {
	if resp != nil && resp.Body != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		_ = resp.Body.Close()
	}
}

// claimsChallenge reads the Continuous Access Evaluation claims challenge of
// a 401's headers: the decoded claims and whether there is one. The error
// reports a claims challenge whose claims are not valid base64.
func claimsChallenge(h http.Header) (claims string, ok bool, err error) {
	c, found := bearerChallenge(h)
	if !found {
		return "", false, nil
	}
	claims, err = caeClaims(c)
	return claims, err == nil && claims != "", err
}
