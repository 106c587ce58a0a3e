package hostrule

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The rule that decides which token may go to which host. The table is
// written from what Key Vault, Managed HSM and azsecrets do, not from the
// code: an audience may receive requests at its subdomains only.
func TestFits(t *testing.T) {
	for _, tc := range []struct {
		scope, host string
		fits        bool
	}{
		// real services
		{"https://vault.azure.net/.default", "myvault.vault.azure.net", true},
		{"https://vault.azure.net/.default", "myvault.vault.azure.net:443", false}, // an explicit port never fits, as in azsecrets
		{"https://vault.azure.net/.default", "myvault.vault.azure.net:8443", false},
		{"https://vault.azure.net/.default", "myvault.vault.azure.net:", false},
		{"https://vault.azure.cn/.default", "myvault.vault.azure.cn", true},
		{"https://vault.usgovcloudapi.net/.default", "myvault.vault.usgovcloudapi.net", true},
		{"https://vault.microsoftazure.de/.default", "myvault.vault.microsoftazure.de", true},
		{"https://managedhsm.azure.net/.default", "myhsm.managedhsm.azure.net", true},
		{"https://managedhsm.azure.net/.default", "myvault.vault.azure.net", false},
		{"https://vault.azure.net/.default", "myhsm.managedhsm.azure.net", false},
		{"https://vault.azure.net/.default", "a.b.vault.azure.net", true},
		{"https://vault.azure.net", "myvault.vault.azure.net", true},
		// case and trailing dots
		{"https://VAULT.Azure.NET/.default", "MyVault.vault.azure.net", true},
		{"https://vault.azure.net./.default", "myvault.vault.azure.net.", true},
		{"https://vault.azure.net/.default", "myvault.vault.azure.net.", true},
		// look-alikes
		{"https://vault.azure.net/.default", "vault.azure.net", false},
		{"https://vault.azure.net/.default", "evilvault.azure.net", false},
		{"https://vault.azure.net/.default", "myvault.vault.azure.net.evil.example", false},
		{"https://vault.azure.net/.default", "vault.azure.net.evil.example", false},
		{"https://vault.azure.net/.default", "myvault-vault.azure.net", false},
		{"https://azure.net/.default", "myvault.vault.azure.net", true},
		{"https://net/.default", "myvault.vault.azure.net", false},
		{"https://management.azure.com/.default", "myvault.vault.azure.net", false},
		{"https://management.core.windows.net//.default", "management.azure.com", false},
		// IP literals and ports
		{"https://vault.azure.net/.default", "127.0.0.1", false},
		{"https://vault.azure.net/.default", "127.0.0.1:443", false},
		{"https://vault.azure.net/.default", "[::1]:443", false},
		{"https://0.0.1/.default", "127.0.0.1", false},
		{"https://1/.default", "vault.1", false},
		{"https://vault.azure.net:443/.default", "myvault.vault.azure.net", false},
		{"https://vault.azure.net:8443/.default", "myvault.vault.azure.net:8443", false},
		// user information, schemes, non-URLs
		{"https://user@vault.azure.net/.default", "myvault.vault.azure.net", false},
		{"https://vault.azure.net/.default", "user@myvault.vault.azure.net", false},
		{"http://vault.azure.net/.default", "myvault.vault.azure.net", false},
		{"api://vault.azure.net/.default", "myvault.vault.azure.net", false},
		{"499b84ac-1321-427f-aa17-267ca6975798/.default", "x.azure.net", false},
		{"vault.azure.net/.default", "myvault.vault.azure.net", false},
		{"", "myvault.vault.azure.net", false},
		{"https://vault.azure.net/.default", "", false},
		// IDN: only ASCII (punycode) names compare
		{"https://vault.azure.net/.default", "myvault.vаult.azure.net", false}, // Cyrillic а
		{"https://vаult.azure.net/.default", "myvault.vаult.azure.net", false},
		{"https://xn--vult-8ve.azure.net/.default", "my.xn--vult-8ve.azure.net", true},
		{"https://vault.azure.net/.default", "myvault.vault.azure.net\x00.evil", false},
		{"https://vault.azure.net/.default", "myvault.vault..azure.net", false},
		{"https://vault.azure.net/.default", ".vault.azure.net", false},
		{"https://vault.azure.net/.default", "-x.vault.azure.net", false},
	} {
		err := Fits(tc.scope, Parse(tc.host))
		if tc.fits {
			assert.NoError(t, err, "%q to %q", tc.scope, tc.host)
		} else {
			assert.Error(t, err, "%q to %q", tc.scope, tc.host)
		}
	}
}
