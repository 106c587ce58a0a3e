package hostrule

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every spelling of a host gets one normal form, or is invalid: the one
// table of the normalization (IPv6 literals, zones, ports, user information,
// trailing dots, IDN and case).
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		host        string
		key         string // "" means invalid (its key is then the host as given)
		name        string
		port        string
		hasPort     bool
		ip, dnsName bool
	}{
		// names: case and one trailing dot
		{host: "myvault.vault.azure.net", key: "myvault.vault.azure.net", name: "myvault.vault.azure.net", dnsName: true},
		{host: "MyVault.Vault.Azure.NET", key: "myvault.vault.azure.net", name: "myvault.vault.azure.net", dnsName: true},
		{host: "myvault.vault.azure.net.", key: "myvault.vault.azure.net", name: "myvault.vault.azure.net", dnsName: true},
		{host: "MyVault.Vault.Azure.Net.:443", key: "myvault.vault.azure.net:443", name: "myvault.vault.azure.net", port: "443", hasPort: true, dnsName: true},
		{host: "localhost", key: "localhost", name: "localhost"}, // a name, not a DNS name of two labels
		{host: "localhost:8443", key: "localhost:8443", name: "localhost", port: "8443", hasPort: true},
		{host: "a-b.example", key: "a-b.example", name: "a-b.example", dnsName: true},
		{host: "xn--vult-8ve.azure.net", key: "xn--vult-8ve.azure.net", name: "xn--vult-8ve.azure.net", dnsName: true}, // punycode
		// ports: explicit whenever a colon is present
		{host: "x.example:", key: "x.example:", name: "x.example", hasPort: true, dnsName: true},
		{host: "x.example:0443", key: "x.example:0443", name: "x.example", port: "0443", hasPort: true, dnsName: true},
		{host: "x.example:https"},
		{host: "x.example:44 3"},
		// IPv4
		{host: "127.0.0.1", key: "127.0.0.1", name: "127.0.0.1", ip: true},
		{host: "127.0.0.1:8443", key: "127.0.0.1:8443", name: "127.0.0.1", port: "8443", hasPort: true, ip: true},
		{host: "127.0.0.1.", key: "127.0.0.1", name: "127.0.0.1", ip: true},
		{host: "127.000.0.1"},
		{host: "1.2.3"},
		{host: "vault.1"},
		{host: "[127.0.0.1]"},
		// IPv6: brackets, canonical form, zones
		{host: "[::1]", key: "[::1]", name: "::1", ip: true},
		{host: "[0:0::1]:443", key: "[::1]:443", name: "::1", port: "443", hasPort: true, ip: true},
		{host: "[FE80::1%eth0]", key: "[fe80::1%eth0]", name: "fe80::1%eth0", ip: true},
		{host: "[fe80::1%ns.servicebus.windows.net]", key: "[fe80::1%ns.servicebus.windows.net]", name: "fe80::1%ns.servicebus.windows.net", ip: true},
		{host: "[fe80::1%ns.servicebus.windows.net]:5671", key: "[fe80::1%ns.servicebus.windows.net]:5671", name: "fe80::1%ns.servicebus.windows.net", port: "5671", hasPort: true, ip: true},
		{host: "::1"},
		{host: "fe80::1%eth0"},
		{host: "[::1"},
		{host: "[::1]x"},
		{host: "[::1]:x"},
		{host: "[vault.azure.net]"},
		// user information, IDN, damaged names
		{host: "user@myvault.vault.azure.net"},
		{host: "user:pw@myvault.vault.azure.net"},
		{host: "myvault.vаult.azure.net"}, // Cyrillic а
		{host: "MYVAULT.VAULT.AZURE.NET\u212a"},
		{host: "myvault.vault.azure.net\x00.evil"},
		{host: "myvault.vault..azure.net"},
		{host: ".vault.azure.net"},
		{host: "-x.vault.azure.net"},
		{host: "x-.vault.azure.net"},
		{host: "x_y.vault.azure.net"},
		{host: "x.vault.azure.net.."},
		{host: "."},
		{host: ""},
		{host: ":443"},
	} {
		h := Parse(tc.host)
		if tc.key == "" {
			assert.False(t, h.Valid(), "%q is invalid", tc.host)
			assert.Equal(t, tc.host, h.Key(), "an invalid host keys as given")
		} else {
			assert.True(t, h.Valid(), "%q is valid", tc.host)
			assert.Equal(t, tc.key, h.Key(), "key of %q", tc.host)
		}
		assert.Equal(t, h.Key(), Key(tc.host), "Key(%q) = Parse(%q).Key()", tc.host, tc.host)
		assert.Equal(t, tc.name, h.Name(), "name of %q", tc.host)
		port, hasPort := h.Port()
		assert.Equal(t, tc.port, port, "port of %q", tc.host)
		assert.Equal(t, tc.hasPort, hasPort, "explicit port of %q", tc.host)
		assert.Equal(t, tc.ip, h.IsIP(), "IP literal %q", tc.host)
		assert.Equal(t, tc.dnsName, h.IsDNSName(), "DNS name %q", tc.host)
		// a key is its own key, and parses to the same host
		assert.Equal(t, h.Key(), Key(h.Key()), "key of the key of %q", tc.host)
		if h.Valid() {
			assert.Equal(t, h, Parse(h.Key()).withRaw(h.raw), "the key of %q parses to the same host", tc.host)
		}
	}
}

// withRaw returns h as if parsed from raw.
func (h Host) withRaw(raw string) Host {
	h.raw = raw
	return h
}

// The request path's common case, a host already in normal form, costs no
// allocation.
func TestKeyNormalizedHostAllocatesNothing(t *testing.T) {
	for _, host := range []string{"myvault.vault.azure.net", "management.azure.com", "127.0.0.1:8443", "account7.blob.core.windows.net:443"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Key(host) }), host)
	}
}

func BenchmarkKey(b *testing.B) {
	for _, host := range []string{"account17.blob.core.windows.net", "Account17.Blob.Core.Windows.Net"} {
		b.Run(host, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = Key(host)
			}
		})
	}
}
