package interop

import (
	"context"
	"testing"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/go-autorest/autorest"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/credwrappertest"
)

// BenchmarkKeyVaultGetSecret measures a v68 Key Vault GetSecret against the
// fake vault over loopback TLS, authorized by the wrapper's ChallengeAuthorizer
// (one probe per host, then cached) and by go-autorest's
// BearerAuthorizerCallback (a probe before every request).
//
// Run: go test -run '^$' -bench KeyVault -benchmem -count 10 ./interop | tee kv.txt && benchstat -col /impl kv.txt
func BenchmarkKeyVaultGetSecret(b *testing.B) {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer fc.Close()
	fc.KeyVault.SetSecret("db-password", "s3cret")
	cred, cfg, err := fc.Credential()
	if err != nil {
		b.Fatal(err)
	}
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		authorizer autorest.Authorizer
	}{
		{"BearerAuthorizerCallback", autorest.NewBearerAuthorizerCallback(fc.Client(), func(_, resource string) (*autorest.BearerAuthorizer, error) {
			kv, err := w.WithScopes(credwrapper.ScopeFromResource(resource))
			if err != nil {
				return nil, err
			}
			return autorest.NewBearerAuthorizer(kv), nil
		})},
		{"ChallengeAuthorizer", w.ChallengeAuthorizer(fc.Client())},
	} {
		b.Run("impl="+tc.name, func(b *testing.B) {
			client := keyvault.New()
			client.Authorizer, client.Sender = tc.authorizer, fc.Client()
			ctx := context.Background()
			if _, err := client.GetSecret(ctx, fc.KeyVault.URL, "db-password", ""); err != nil {
				b.Fatal(err)
			}
			fc.KeyVault.Reset()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := client.GetSecret(ctx, fc.KeyVault.URL, "db-password", ""); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(fc.KeyVault.Requests()))/float64(b.N), "requests/op")
			fc.KeyVault.Reset()
		})
	}
}
