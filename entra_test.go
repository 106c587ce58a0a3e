package credwrapper

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/stretchr/testify/require"
)

const testTenant = "11111111-2222-3333-4444-555555555555"

// entraServer is a minimal Entra ID over TLS on loopback: the OIDC metadata
// and a v2 token endpoint whose answer is the token field.
type entraServer struct {
	*httptest.Server
	tokenRequests atomic.Int64
	// token writes the token endpoint's response; n is the request number.
	token func(w http.ResponseWriter, r *http.Request, n int64)
}

func newEntraServer(t *testing.T) *entraServer {
	t.Helper()
	e := &entraServer{}
	e.token = func(w http.ResponseWriter, r *http.Request, n int64) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3600,"access_token":"entra-token-%d"}`, n)
	}
	e.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"):
			tenant := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]
			base := "https://" + r.Host + "/" + tenant
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]string{
				"issuer":                 base + "/v2.0",
				"authorization_endpoint": base + "/oauth2/v2.0/authorize",
				"token_endpoint":         base + "/oauth2/v2.0/token",
			})
		case strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
			e.token(w, r, e.tokenRequests.Add(1))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(e.Close)
	return e
}

// credential returns a real azidentity.ClientSecretCredential that talks to e.
func (e *entraServer) credential(t *testing.T) azcore.TokenCredential {
	t.Helper()
	cred, err := azidentity.NewClientSecretCredential(testTenant, "client-id", "client-secret-value", &azidentity.ClientSecretCredentialOptions{
		ClientOptions: policy.ClientOptions{
			Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: e.URL + "/"},
			Transport: e.Client(),
			Retry:     policy.RetryOptions{MaxRetries: -1},
		},
		DisableInstanceDiscovery: true,
	})
	require.NoError(t, err)
	return cred
}
