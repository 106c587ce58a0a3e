package credwrappertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Environ points a program, run unchanged in a child process, at the fake
// cloud through the environment alone, as a legacy deployment names a custom
// cloud: the variables go-autorest's azure/auth (and this module's twin of it)
// and azidentity's EnvironmentCredential read. It writes two files to dir:
//
//   - the servers' certificate, named by SSL_CERT_FILE, so that the child
//     trusts the fake cloud and nothing else (Go reads SSL_CERT_FILE on Linux
//     and the BSDs, not on macOS or Windows, where the child cannot reach the
//     fake cloud this way);
//   - an Azure Stack environment file, named by AZURE_ENVIRONMENT_FILEPATH
//     with AZURE_ENVIRONMENT=AzureStackCloud, whose Entra ID and Resource
//     Manager endpoints are the fake ones.
//
// AZURE_AD_RESOURCE is the public Resource Manager resource, which the fake
// ARM accepts (its own URL is not an audience), and AZURE_TENANT_ID,
// AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and AZURE_SUBSCRIPTION_ID are the
// cloud's. Append the result to os.Environ() for exec.Cmd.Env; later entries
// win, so a test can override any of them by appending again.
//
// The fake Key Vault and hosts added with Serve are reached through Client
// only: their names do not resolve outside the test process.
func (c *Cloud) Environ(dir string) ([]string, error) {
	caFile := filepath.Join(dir, "credwrappertest-ca.pem")
	if err := os.WriteFile(caFile, c.Certificate.CertPEM, 0o600); err != nil {
		return nil, fmt.Errorf("credwrappertest: Environ: %w", err)
	}
	env, err := json.Marshal(map[string]string{
		"name":                      "AzureStackCloud",
		"activeDirectoryEndpoint":   c.Entra.URL + "/",
		"resourceManagerEndpoint":   c.ARM.URL + "/",
		"serviceManagementEndpoint": "https://management.core.windows.net/",
		"tokenAudience":             "https://management.azure.com/",
	})
	if err != nil {
		return nil, fmt.Errorf("credwrappertest: Environ: %w", err)
	}
	envFile := filepath.Join(dir, "credwrappertest-environment.json")
	if err := os.WriteFile(envFile, env, 0o600); err != nil {
		return nil, fmt.Errorf("credwrappertest: Environ: %w", err)
	}
	return []string{
		"SSL_CERT_FILE=" + caFile,
		"SSL_CERT_DIR=" + dir,
		"AZURE_ENVIRONMENT=AzureStackCloud",
		"AZURE_ENVIRONMENT_FILEPATH=" + envFile,
		"AZURE_AD_RESOURCE=https://management.azure.com/",
		"AZURE_TENANT_ID=" + c.TenantID,
		"AZURE_CLIENT_ID=" + c.ClientID,
		"AZURE_CLIENT_SECRET=" + c.ClientSecret,
		"AZURE_SUBSCRIPTION_ID=" + c.SubscriptionID,
	}, nil
}
