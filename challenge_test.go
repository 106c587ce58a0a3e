package credwrapper

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseChallenges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		want   []challenge
	}{
		{"key vault", []string{`Bearer authorization="https://login.microsoftonline.com/72f988bf", resource="https://vault.azure.net"`},
			[]challenge{{"Bearer", map[string]string{"authorization": "https://login.microsoftonline.com/72f988bf", "resource": "https://vault.azure.net"}}}},
		{"CAE", []string{`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="`},
			[]challenge{{"Bearer", map[string]string{"realm": "", "authorization_uri": "https://login.microsoftonline.com/common/oauth2/authorize", "error": "insufficient_claims", "claims": "eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="}}}},
		{"two challenges, token values, case", []string{`Basic realm=x, BEARER Scope="https://storage.azure.com/.default" , error=invalid_token`},
			[]challenge{{"Basic", map[string]string{"realm": "x"}}, {"BEARER", map[string]string{"scope": "https://storage.azure.com/.default", "error": "invalid_token"}}}},
		{"escaped quote", []string{`Bearer error_description="a \"quoted\" word, and a comma"`},
			[]challenge{{"Bearer", map[string]string{"error_description": `a "quoted" word, and a comma`}}}},
		{"several header values", []string{`Negotiate`, `Bearer resource="r"`},
			[]challenge{{"Negotiate", map[string]string{}}, {"Bearer", map[string]string{"resource": "r"}}}},
		{"unterminated quote", []string{`Bearer resource="https://vault.azure.net`},
			[]challenge{{"Bearer", map[string]string{"resource": "https://vault.azure.net"}}}},
		{"empty", []string{""}, nil},
		{"junk", []string{`"""`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, parseChallenges(tc.header))
		})
	}
}

func TestCAEClaims(t *testing.T) {
	c := parseChallenges([]string{`Bearer error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ=="`})[0]
	got, err := caeClaims(c)
	require.NoError(t, err)
	assert.Equal(t, `{"access_token":{"nbf":{"essential":true}}}`, got)

	got, err = caeClaims(parseChallenges([]string{`Bearer error="invalid_token", claims="eyJ9"`})[0])
	require.NoError(t, err)
	assert.Empty(t, got, "not a CAE challenge")

	_, err = caeClaims(parseChallenges([]string{`Bearer error="insufficient_claims", claims="!!!"`})[0])
	assert.ErrorIs(t, err, errBadClaims)
}

func TestTargetFromChallenge(t *testing.T) {
	for _, tc := range []struct {
		name, header, host string
		want               challengeTarget
		wantErr            string
	}{
		{"key vault", `Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net"`,
			"myvault.vault.azure.net", challengeTarget{"https://vault.azure.net/.default", "72f988bf-86f1-41af-91ab-2d7cd011db47"}, ""},
		{"authorization_uri", `Bearer authorization_uri="https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize", resource="https://vault.azure.net"`,
			"MyVault.vault.azure.net.", challengeTarget{"https://vault.azure.net/.default", "contoso.onmicrosoft.com"}, ""},
		// azsecrets compares the URL host, port included: any explicit port is refused
		{"explicit port 443", `Bearer authorization="https://login.microsoftonline.com/t", resource="https://vault.azure.net"`,
			"myvault.vault.azure.net:443", challengeTarget{}, "explicit port"},
		{"explicit port 8443", `Bearer authorization="https://login.microsoftonline.com/t", resource="https://vault.azure.net"`,
			"myvault.vault.azure.net:8443", challengeTarget{}, "explicit port"},
		{"scope parameter", `Bearer authorization="https://login.microsoftonline.com/t", scope="https://vault.azure.net/.default"`,
			"x.vault.azure.net", challengeTarget{"https://vault.azure.net/.default", "t"}, ""},
		{"hostile: resource of another domain", `Bearer authorization="https://login.microsoftonline.com/t", resource="https://vault.azure.net"`,
			"evil.example.com", challengeTarget{}, "does not belong to the domain"},
		{"hostile: ARM audience from a vault host", `Bearer authorization="https://login.microsoftonline.com/t", resource="https://management.azure.com"`,
			"x.vault.azure.net", challengeTarget{}, "does not belong to the domain"},
		{"hostile: suffix without a label boundary", `Bearer resource="https://vault.azure.net"`,
			"evilvault.azure.net", challengeTarget{}, "does not belong to the domain"},
		{"hostile: the resource's host itself", `Bearer resource="https://vault.azure.net"`,
			"vault.azure.net", challengeTarget{}, "does not belong to the domain"},
		{"no resource", `Bearer authorization="https://login.microsoftonline.com/t"`, "x.vault.azure.net", challengeTarget{}, "no resource or scope"},
		{"bad tenant", `Bearer authorization="https://login.microsoftonline.com/a%20b", resource="https://vault.azure.net"`, "x.vault.azure.net", challengeTarget{}, "invalid tenant"},
		{"bad resource", `Bearer resource="vault"`, "x.vault.azure.net", challengeTarget{}, "not valid"},
		// the token is requested for the scope: the scope is what must fit
		{"hostile: scope of another audience beside its own resource", `Bearer authorization="https://login.microsoftonline.com/t", resource="https://evil.example", scope="https://management.azure.com/.default"`,
			"kv.evil.example", challengeTarget{}, "different audiences"},
		{"hostile: scope alone of another audience", `Bearer scope="https://management.azure.com/.default"`,
			"kv.evil.example", challengeTarget{}, "does not belong to the domain"},
		{"scope and resource agreeing", `Bearer resource="https://vault.azure.net", scope="https://vault.azure.net/.default"`,
			"x.vault.azure.net", challengeTarget{"https://vault.azure.net/.default", ""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := bearerChallenge(map[string][]string{"Www-Authenticate": {tc.header}})
			require.True(t, ok)
			got, err := targetFromChallenge(c, tc.host)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
