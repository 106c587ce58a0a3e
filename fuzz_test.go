package credwrapper

import (
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"

	"github.com/azcompat/credwrapper/internal/hostrule"
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
			if strings.Contains(host, ":") {
				t.Fatalf("accepted host %q, which has a port or is an IPv6 literal", host)
			}
			audience := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
			requested := strings.TrimSuffix(strings.ToLower(host), ".")
			if !strings.HasSuffix(requested, "."+audience) || strings.HasPrefix(requested, ".") {
				t.Fatalf("accepted audience %q for host %q", audience, host)
			}
			if sc := c.params["scope"]; sc != "" && sc != tgt.scope {
				t.Fatalf("the challenge asked for scope %q, the token would be for %q", sc, tgt.scope)
			}
			if r := c.params["resource"]; r != "" && !hostrule.SameAudience(r, tgt.scope) {
				t.Fatalf("accepted scope %q beside resource %q", tgt.scope, r)
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
		if !strings.HasSuffix(tr, hostrule.DefaultSuffix) {
			if got := ResourceFromScope(s); got != tr {
				t.Fatalf("ResourceFromScope(ScopeFromResource(%q)) = %q", tr, got)
			}
		}
		// a scope's round trip holds unless its resource is itself a scope
		if res := ResourceFromScope(s); res != "" && strings.HasSuffix(s, hostrule.DefaultSuffix) && !strings.HasSuffix(res, hostrule.DefaultSuffix) && strings.TrimSpace(res) == res {
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

// FuzzScopeForHost checks the host rule: every spelling of a host has one
// normal form (its key), which gets every answer the host gets, and the
// scope a host gets from ScopeFromHost, the audiences it fits and the
// namespaces it is are what its name says.
func FuzzScopeForHost(f *testing.F) {
	for _, s := range []string{
		"myvault.vault.azure.net", "vault.azure.net.evil.example", "a.blob.core.windows.net:443", "graph.microsoft.com",
		"management.azure.com", "[::1]:443", "", ".vault.azure.net", "x.VAULT.azure.net.",
		"myvault.vault.azure.net:8443", "user@myvault.vault.azure.net", "[FE80::1%eth0]:443", "[fe80::1%ns.servicebus.windows.net]",
		"MyNS.ServiceBus.Windows.Net.:5671", "127.0.0.1:8443", "[0:0::1]", "xn--vult-8ve.azure.net", "myvault.vаult.azure.net",
	} {
		f.Add(s)
	}
	fake := cloud.Configuration{Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
		cloud.ResourceManager: {Audience: "https://management.core.windows.net/", Endpoint: "https://127.0.0.1:8443"},
	}}
	audiences := []string{hostrule.KeyVaultScope, hostrule.StorageScope, "https://azure.net/.default", "https://servicebus.windows.net/.default"}
	f.Fuzz(func(t *testing.T, host string) {
		h := hostrule.Parse(host)
		key := h.Key()
		if got := hostrule.Key(host); got != key {
			t.Fatalf("Key(%q) = %q, Parse(%q).Key() = %q", host, got, host, key)
		}
		k := hostrule.Parse(key)
		if k.Key() != key {
			t.Fatalf("the key %q of %q is not its own key: %q", key, host, k.Key())
		}
		kp, kok := k.Port()
		hp, hok := h.Port()
		if k.Valid() != h.Valid() || k.IsIP() != h.IsIP() || k.IsDNSName() != h.IsDNSName() || k.Name() != h.Name() || kp != hp || kok != hok {
			t.Fatalf("%q and its key %q parse differently", host, key)
		}
		if hostrule.IsNamespace(h) != hostrule.IsNamespace(k) {
			t.Fatalf("%q and its key %q differ on being a namespace", host, key)
		}
		for _, c := range []cloud.Configuration{cloud.AzurePublic, fake} {
			s1, ok1 := hostrule.ScopeFor(hostrule.Parse(host), c)
			s2, ok2 := hostrule.ScopeFor(hostrule.Parse(key), c)
			if s1 != s2 || ok1 != ok2 {
				t.Fatalf("%q gets scope %q, its key %q gets %q", host, s1, key, s2)
			}
		}
		for _, a := range audiences {
			fits := hostrule.Fits(a, h) == nil
			if fits != (hostrule.Fits(a, k) == nil) {
				t.Fatalf("%q and its key %q differ on fitting %q", host, key, a)
			}
			if fits && (strings.ContainsAny(host, ":@[%") || !isASCII(host)) {
				t.Fatalf("%q fits %q", host, a)
			}
		}
		name := strings.TrimSuffix(strings.ToLower((&url.URL{Host: host}).Hostname()), ".")
		// every namespace domain has three labels: a namespace is one more
		if hostrule.IsNamespace(h) && (strings.ContainsAny(name, "%[]@") || strings.Count(name, ".") != 3 || !strings.Contains(name, ".servicebus.")) {
			t.Fatalf("%q is a namespace", host)
		}

		scope, ok := hostrule.ScopeFor(hostrule.Parse(host), cloud.AzurePublic)
		if !ok {
			return
		}
		switch {
		case scope == hostrule.KeyVaultScope:
			if !strings.HasSuffix(name, ".vault.azure.net") || name == ".vault.azure.net" {
				t.Fatalf("Key Vault scope for %q", host)
			}
		case scope == hostrule.StorageScope:
			if !strings.Contains(name, ".core.") && !strings.Contains(name, ".storage.azure.net") {
				t.Fatalf("Storage scope for %q", host)
			}
		case scope == armScopePublic:
			if u := (url.URL{Host: host}); name != "management.azure.com" || (u.Port() != "" && u.Port() != "443") {
				t.Fatalf("ARM scope for %q", host)
			}
		}
		if validateScope(scope) != nil {
			t.Fatalf("invalid scope %q for %q", scope, host)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
