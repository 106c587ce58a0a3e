package credwrapper

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/Azure/go-autorest/autorest"
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
//     gets a new one (when one host keeps refusing, its 401s drop the token
//     again only after 1 s, doubling up to 30 s);
//   - a 401 with a Continuous Access Evaluation claims challenge
//     (error="insufficient_claims") gets a token satisfying the claims and
//     resends the request, with its body rewound; a resend refused with new
//     claims is answered again, up to three times. One revocation costs one
//     claims refresh, however many requests (legacy or new clients) hear it.
//     A claims refresh that fails, or whose token the host refuses with the
//     same claims again, backs off that host and those claims only (the
//     first at once, then 1 s doubling up to 30 s); meanwhile their
//     challenged requests fail, or get the 401.
//
// A 401 is judged by the request it answers: after a redirect or a resend,
// that request. A 401 to a request without a token, or with a token this
// wrapper did not attach, is returned untouched, so that a host cannot make
// the wrapper fetch a token by answering an unauthenticated request, or one
// whose token a redirect stripped, with a claims challenge. A malformed
// claims challenge is returned untouched too. The protocol as a whole, with
// its bounds, is described in SECURITY.md.
//
// With this sender installed, the legacy path can use CAE tokens safely
// (Options.EnableCAE) and so share one token with new ARM clients. Use
// [CredentialWrapper.Attach] to install both the authorizer and the sender.
func (w *CredentialWrapper) Sender(base autorest.Sender) autorest.Sender {
	return &challengeSender{base: base, entryFor: w.entryFor}
}

// challengeSender is the one Sender of the package: the wrapper's, and a
// ChallengeAuthorizer's with its hook. It carries out the protocol's
// events (protocol.go) for the responses it sees; the entry decides.
type challengeSender struct {
	base autorest.Sender // nil: go-autorest's default sender
	// entryFor returns the entry whose token a request to r's host carries,
	// or nil.
	entryFor func(r *http.Request) *entry
	// refused, if set, is told that host answered e's token with a 401
	// that was not a claims challenge (the token was expired).
	refused func(host string, e *entry)
}

// Do sends r and answers the 401 that rejects a token of this package: each
// response is judged by the request it answers, the original's or a
// resend's, after any redirect.
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
	for answers := 0; err == nil; answers++ {
		v := judge(resp, r, s.entryFor)
		switch v.kind {
		case notOurs:
			return resp, nil
		case expired:
			s.expire(v)
			return resp, nil
		}
		if answers == maxClaimsAnswers {
			return resp, nil
		}
		t, aerr := v.entry.answer(r.Context(), v.host, v.claims, v.sent)
		switch {
		case errors.Is(aerr, errClaimsRefusedAgain):
			return resp, nil // backing off: the 401 stands
		case aerr != nil:
			drain(resp)
			return nil, aerr
		case !rewind:
			return resp, nil // the body was sent once and is gone
		}
		var resent bool
		if resp, resent, err = s.resend(base, r, resp, t, v); !resent {
			return resp, err
		}
	}
	return resp, err
}

// expire carries out a plain 401 to one of our tokens: the token is dropped,
// and a ChallengeAuthorizer forgets what it learned of the host.
func (s *challengeSender) expire(v verdict) {
	v.entry.expireSent(v.sent, v.host)
	if s.refused != nil {
		s.refused(v.host, v.entry)
	}
}

// resend sends r again with the token t that answers the claims challenge of
// resp, its body rewound. It reports false, with resp, when the body cannot
// be rewound.
func (s *challengeSender) resend(base autorest.Sender, r *http.Request, resp *http.Response, t *cachedToken, v verdict) (*http.Response, bool, error) {
	if r.GetBody != nil {
		body, err := r.GetBody()
		if err != nil {
			return resp, false, nil
		}
		r.Body = body
	}
	drain(resp)
	r.Header.Set(headerAuthorization, t.header)
	resp, err := base.Do(r)
	ev := v.entry.claimsAnswered(v.host, resp)
	v.entry.emit(&ev)
	return resp, true, err
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
