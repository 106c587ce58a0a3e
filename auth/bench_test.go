package auth

import (
	"net/http"
	"testing"

	"github.com/Azure/go-autorest/autorest"
)

// BenchmarkAuthorizer measures a legacy request authorized from a warm token
// by the twin's authorizer (go-autorest's BearerAuthorizer over an adal token
// whose refresh hook reaches azidentity: adal's lock and token copy on every
// request, as with go-autorest) against the wrapper behind it
// (auth.Credential), which a codebase can use as its Authorizer instead.
func BenchmarkAuthorizer(b *testing.B) {
	fc := fakeEnvironment(b)
	b.Setenv(ClientSecret, fc.ClientSecret)
	a, err := NewAuthorizerFromEnvironment()
	if err != nil {
		b.Fatal(err)
	}
	w, ok := Credential(a)
	if !ok {
		b.Fatal("no credential")
	}
	for _, impl := range []struct {
		name string
		a    autorest.Authorizer
	}{{"BearerAuthorizer", a}, {"Wrapper", w}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			req, err := http.NewRequest(http.MethodGet, fc.ARM.URL+"/subscriptions", nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := autorest.Prepare(req, impl.a.WithAuthorization()); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := req.Clone(req.Context())
				for pb.Next() {
					if _, err := autorest.Prepare(r, impl.a.WithAuthorization()); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
