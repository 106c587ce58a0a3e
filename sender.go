package credwrapper

import (
	"bytes"
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

// Sender returns an autorest.Sender that sends requests with base (nil means
// go-autorest's default sender) and answers the authentication challenges of
// the responses to requests carrying a token this wrapper attached, as
// azcore's BearerTokenPolicy does for new clients:
//
//   - a 401 expires the cached token the request carried, so the next request
//     gets a new one;
//   - a 401 with a Continuous Access Evaluation claims challenge
//     (error="insufficient_claims") acquires a token satisfying the claims
//     and resends the request once, with its body rewound.
//
// A 401 to a request without a token, or with a token this wrapper did not
// attach, is returned untouched: a host cannot make the wrapper fetch a
// token by answering an unauthenticated request with a claims challenge.
//
// With this sender installed, the legacy path can use CAE tokens safely
// (Options.EnableCAE) and so share one token with new ARM clients. Use
// [CredentialWrapper.Attach] to install both the authorizer and the sender.
func (w *CredentialWrapper) Sender(base autorest.Sender) autorest.Sender {
	if base == nil {
		base = autorest.CreateSender()
	}
	return autorest.SenderFunc(func(r *http.Request) (*http.Response, error) {
		rewind, err := makeRewindable(r)
		if err != nil {
			return nil, err
		}
		resp, err := base.Do(r)
		if err != nil || resp.StatusCode != http.StatusUnauthorized {
			return resp, err
		}
		e := w.entryFor(r)
		sent := r.Header.Get(headerAuthorization)
		if !e.issued(sent) {
			// No token, or not ours (an unauthenticated probe, another
			// authorizer's token): the challenge is not ours to answer.
			return resp, nil
		}
		e.expireSent(sent, r.URL.Host)
		resp, _, err = answerClaims(base, r, resp, e, rewind)
		return resp, err
	})
}

// answerClaims answers resp, a 401 to r, which carried a token of e: for a
// Continuous Access Evaluation claims challenge it fetches a token
// satisfying the claims and resends r once (when its body could be rewound),
// and reports answered. Otherwise it returns resp untouched.
func answerClaims(base autorest.Sender, r *http.Request, resp *http.Response, e *entry, rewind bool) (_ *http.Response, answered bool, _ error) {
	c, ok := bearerChallenge(resp.Header)
	if !ok {
		return resp, false, nil
	}
	claims, err := caeClaims(c)
	if err != nil || claims == "" || !rewind {
		return resp, false, nil
	}
	t, err := e.refresh(r.Context(), claims)
	if err != nil {
		// The 401 stands; the token error says why it could not be answered.
		drain(resp)
		return nil, true, err
	}
	if r.GetBody != nil {
		body, err := r.GetBody()
		if err != nil {
			return resp, false, nil
		}
		r.Body = body
	}
	drain(resp)
	r.Header.Set(headerAuthorization, t.header)
	resp, err = base.Do(r)
	ev := e.claimsAnswered(r.URL.Host, resp)
	e.emit(&ev)
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
	if getBody, ok := seekBack(r.Body); ok {
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

// seekBack returns a GetBody for a body that is an io.NopCloser around a
// *bytes.Reader (or anything with ReadAt, Size and Len), as go-autorest's
// retry loop gives every v68 request: each call returns an independent
// reader of the unread part, over the same memory, without copying it. The
// transport may still be reading the original body (over HTTP/2 a server can
// answer before it has read the request), so the reader itself is never
// touched. io.NopCloser's types are not exported, so the reader is reached
// by reflection; any other body reports false.
func seekBack(body io.ReadCloser) (func() (io.ReadCloser, error), bool) {
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
