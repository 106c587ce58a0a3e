package credwrapper

import (
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// The fuzz targets run their seeds (f.Add and testdata/fuzz) on every go
// test; .ci/run fuzzes each for a bounded time.

func FuzzParseChallenges(f *testing.F) {
	for _, seed := range [][2]string{
		{`Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net"`, "myvault.vault.azure.net"},
		{`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ=="`, "management.azure.com"},
		{`Basic realm=x, Bearer scope="https://storage.azure.com/.default", error=invalid_token`, "a.blob.core.windows.net:443"},
		{`Bearer error_description="a \"quoted\", word", resource=https://vault.azure.net`, "x.vault.azure.net"},
		{`Negotiate abc==, Bearer resource="`, "[::1]:443"},
		{`"""`, ""},
		{`Bearer authorization="https://login.microsoftonline.com/t", resource="https://evil.example", scope="https://management.azure.com/.default"`, "kv.evil.example"},
		{`Bearer scope="https://vault.azure.net/.default"`, "MyVault.Vault.Azure.Net.:443"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, header, host string) {
		for _, c := range parseChallenges([]string{header}) {
			if c.scheme == "" {
				t.Fatalf("empty scheme from %q", header)
			}
			for i := 0; i < len(c.scheme); i++ {
				if !isTokenChar(c.scheme[i]) {
					t.Fatalf("scheme %q has a non-token byte", c.scheme)
				}
			}
			_, _ = caeClaims(c)
			tgt, err := targetFromChallenge(c, host)
			if err != nil {
				continue
			}
			if err := validateScope(tgt.scope); err != nil {
				t.Fatalf("accepted an invalid scope %q: %v", tgt.scope, err)
			}
			if tgt.tenant != "" && !validTenantID(tgt.tenant) {
				t.Fatalf("accepted an invalid tenant %q", tgt.tenant)
			}
			// The token is requested for tgt.scope, so that is what must fit:
			// its host is the request host's parent domain, on a label
			// boundary, and it is what the challenge asked for.
			u, err := url.Parse(tgt.scope)
			if err != nil || u.Hostname() == "" {
				t.Fatalf("accepted scope %q without a host", tgt.scope)
			}
			audience := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
			requested := strings.TrimSuffix(strings.ToLower(hostOnly(host)), ".")
			if !strings.HasSuffix(requested, "."+audience) || strings.HasPrefix(requested, ".") {
				t.Fatalf("accepted audience %q for host %q", audience, host)
			}
			if sc := c.params["scope"]; sc != "" && sc != tgt.scope {
				t.Fatalf("the challenge asked for scope %q, the token would be for %q", sc, tgt.scope)
			}
			if r := c.params["resource"]; r != "" {
				if ru, err := url.Parse(r); err != nil || !strings.EqualFold(strings.TrimSuffix(ru.Host, "."), strings.TrimSuffix(u.Host, ".")) {
					t.Fatalf("accepted scope %q beside resource %q", tgt.scope, r)
				}
			}
		}
	})
}

func FuzzScopeResource(f *testing.F) {
	for _, s := range []string{
		"https://management.core.windows.net/", "https://vault.azure.net", "https://vault.azure.net/.default",
		"  https://storage.azure.com/ ", "499b84ac-1321-427f-aa17-267ca6975798", "api://x/.default/.default", "", "/.default",
		"https://graph.microsoft.com/User.Read",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, r string) {
		s := ScopeFromResource(r)
		if ScopeFromResource(s) != s {
			t.Fatalf("ScopeFromResource is not idempotent on %q: %q", s, ScopeFromResource(s))
		}
		tr := strings.TrimSpace(r)
		if tr == "" {
			if s != "" {
				t.Fatalf("ScopeFromResource(%q) = %q, want empty", r, s)
			}
			return
		}
		if !strings.HasSuffix(tr, defaultSuffix) {
			if got := ResourceFromScope(s); got != tr {
				t.Fatalf("ResourceFromScope(ScopeFromResource(%q)) = %q", tr, got)
			}
		}
		// a scope's round trip holds unless its resource is itself a scope
		if res := ResourceFromScope(s); res != "" && strings.HasSuffix(s, defaultSuffix) && !strings.HasSuffix(res, defaultSuffix) && strings.TrimSpace(res) == res {
			if got := ScopeFromResource(res); got != s {
				t.Fatalf("ScopeFromResource(ResourceFromScope(%q)) = %q", s, got)
			}
		}
		_ = ResourceFromScope(r)
	})
}

func FuzzValidateScope(f *testing.F) {
	for _, s := range []string{
		"https://management.core.windows.net//.default", "api://app/.default", "499b84ac-1321-427f-aa17-267ca6975798/.default",
		"User.Read", "https://a/.default https://b/.default", "https://%zz/.default", "", "\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if validateScope(s) != nil {
			return
		}
		if s == "" {
			t.Fatal("accepted an empty scope")
		}
		for _, r := range s {
			if unicode.IsSpace(r) || r < ' ' || r == 0x7f {
				t.Fatalf("accepted %q with white space or a control character", s)
			}
		}
		if !isGUIDPrefixed(s) {
			u, err := url.Parse(s)
			if err != nil || u.Scheme == "" || u.Host == "" {
				t.Fatalf("accepted %q, neither an absolute URI nor GUID-prefixed", s)
			}
		}
	})
}

func FuzzScopeForHost(f *testing.F) {
	for _, s := range []string{
		"myvault.vault.azure.net", "vault.azure.net.evil.example", "a.blob.core.windows.net:443", "graph.microsoft.com",
		"management.azure.com", "[::1]:443", "", ".vault.azure.net", "x.VAULT.azure.net.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		scope, ok := scopeForHost(host, cloud.AzurePublic)
		if !ok {
			return
		}
		h := strings.TrimSuffix(strings.ToLower(hostOnly(host)), ".")
		switch {
		case scope == "https://vault.azure.net/.default":
			if !strings.HasSuffix(h, ".vault.azure.net") || h == ".vault.azure.net" {
				t.Fatalf("Key Vault scope for %q", host)
			}
		case scope == storageScope:
			if !strings.Contains(h, ".core.") && !strings.Contains(h, ".storage.azure.net") {
				t.Fatalf("Storage scope for %q", host)
			}
		case scope == armScopePublic:
			if !sameHostPort(host, "management.azure.com") {
				t.Fatalf("ARM scope for %q", host)
			}
		}
		if validateScope(scope) != nil {
			t.Fatalf("invalid scope %q for %q", scope, host)
		}
	})
}
