package auth

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/azure"
)

// The possible keys in the Values map: environment variable names, and the
// keys under which GetSettingsFromFile stores the endpoints of an sdk-auth file.
const (
	SubscriptionID          = "AZURE_SUBSCRIPTION_ID"      // the subscription ID, from AZURE_SUBSCRIPTION_ID or the file's subscriptionId
	TenantID                = "AZURE_TENANT_ID"            // the Entra ID tenant of the service principal or user
	AuxiliaryTenantIDs      = "AZURE_AUXILIARY_TENANT_IDS" // ";"-separated auxiliary tenants, for cross-tenant requests (client secrets only)
	ClientID                = "AZURE_CLIENT_ID"            // the application (client) ID, or a user-assigned managed identity's
	ClientSecret            = "AZURE_CLIENT_SECRET"        // the client secret of a service principal
	CertificatePath         = "AZURE_CERTIFICATE_PATH"     // the path of a client certificate, PKCS#12 or PEM
	CertificatePassword     = "AZURE_CERTIFICATE_PASSWORD" // the password of the client certificate, if any
	Username                = "AZURE_USERNAME"             // the user name of the username/password flow
	Password                = "AZURE_PASSWORD"             // the password of the username/password flow
	EnvironmentName         = "AZURE_ENVIRONMENT"          // the cloud: AzurePublicCloud (default), AzureChinaCloud, AzureUSGovernmentCloud or AzureStackCloud
	Resource                = "AZURE_AD_RESOURCE"          // the v1 resource tokens are for; default: the cloud's Resource Manager endpoint
	ActiveDirectoryEndpoint = "ActiveDirectoryEndpoint"    // sdk-auth file key: the Entra ID authority (activeDirectoryEndpointUrl)
	ResourceManagerEndpoint = "ResourceManagerEndpoint"    // sdk-auth file key: the Resource Manager endpoint (resourceManagerEndpointUrl)
	GraphResourceID         = "GraphResourceID"            // sdk-auth file key: the Azure AD Graph resource (activeDirectoryGraphResourceId)
	SQLManagementEndpoint   = "SQLManagementEndpoint"      // sdk-auth file key: the SQL management endpoint (sqlManagementEndpointUrl)
	GalleryEndpoint         = "GalleryEndpoint"            // sdk-auth file key: the gallery endpoint (galleryEndpointUrl)
	ManagementEndpoint      = "ManagementEndpoint"         // sdk-auth file key: the classic management endpoint (managementEndpointUrl)

	// FederatedTokenFile is new in this package: the workload identity token
	// file (set by Azure Kubernetes Service workload identity).
	FederatedTokenFile = "AZURE_FEDERATED_TOKEN_FILE"
)

// NewAuthorizerFromEnvironment creates an Authorizer configured from environment variables in the order:
// 1. Client credentials
// 2. Client certificate
// 3. Username password
// 4. Workload identity (AZURE_FEDERATED_TOKEN_FILE; new in this package)
// 5. MSI
func NewAuthorizerFromEnvironment() (autorest.Authorizer, error) {
	settings, err := GetSettingsFromEnvironment()
	if err != nil {
		return nil, err
	}
	return settings.GetAuthorizer()
}

// NewAuthorizerFromEnvironmentWithResource creates an Authorizer configured from environment variables,
// in the order of NewAuthorizerFromEnvironment, for the given resource.
func NewAuthorizerFromEnvironmentWithResource(resource string) (autorest.Authorizer, error) {
	settings, err := GetSettingsFromEnvironment()
	if err != nil {
		return nil, err
	}
	settings.Values[Resource] = resource
	return settings.GetAuthorizer()
}

// EnvironmentSettings contains the available authentication settings.
type EnvironmentSettings struct {
	Values      map[string]string // the variables that are set, by name (the constants above)
	Environment azure.Environment // the cloud named by AZURE_ENVIRONMENT (default: the public cloud)
}

// GetSettingsFromEnvironment returns the available authentication settings from the environment.
func GetSettingsFromEnvironment() (s EnvironmentSettings, err error) {
	s = EnvironmentSettings{
		Values: map[string]string{},
	}
	for _, key := range []string{
		SubscriptionID, TenantID, AuxiliaryTenantIDs, ClientID, ClientSecret, CertificatePath,
		CertificatePassword, Username, Password, EnvironmentName, Resource, FederatedTokenFile,
	} {
		s.setValue(key)
	}
	if v := s.Values[EnvironmentName]; v == "" {
		s.Environment = azure.PublicCloud
	} else {
		s.Environment, err = azure.EnvironmentFromName(v)
	}
	if s.Values[Resource] == "" {
		s.Values[Resource] = s.Environment.ResourceManagerEndpoint
	}
	return
}

// GetSubscriptionID returns the available subscription ID or an empty string.
func (settings EnvironmentSettings) GetSubscriptionID() string {
	return settings.Values[SubscriptionID]
}

// setValue adds the environment variable key to the Values map if it is set.
func (settings EnvironmentSettings) setValue(key string) {
	if v := os.Getenv(key); v != "" {
		settings.Values[key] = v
	}
}

func (settings EnvironmentSettings) getClientAndTenant() (string, string) {
	return settings.Values[ClientID], settings.Values[TenantID]
}

// GetClientCredentials creates a config object from the available client credentials.
// An error is returned if no client credentials are available.
func (settings EnvironmentSettings) GetClientCredentials() (ClientCredentialsConfig, error) {
	secret := settings.Values[ClientSecret]
	if secret == "" {
		return ClientCredentialsConfig{}, errors.New("missing client secret")
	}
	clientID, tenantID := settings.getClientAndTenant()
	config := NewClientCredentialsConfig(clientID, secret, tenantID)
	config.AADEndpoint = settings.Environment.ActiveDirectoryEndpoint
	config.Resource = settings.Values[Resource]
	if auxTenants, ok := settings.Values[AuxiliaryTenantIDs]; ok {
		config.AuxTenants = strings.Split(auxTenants, ";")
		for i := range config.AuxTenants {
			config.AuxTenants[i] = strings.TrimSpace(config.AuxTenants[i])
		}
	}
	return config, nil
}

// GetClientCertificate creates a config object from the available certificate credentials.
// An error is returned if no certificate credentials are available.
func (settings EnvironmentSettings) GetClientCertificate() (ClientCertificateConfig, error) {
	certPath := settings.Values[CertificatePath]
	if certPath == "" {
		return ClientCertificateConfig{}, errors.New("missing certificate path")
	}
	clientID, tenantID := settings.getClientAndTenant()
	config := NewClientCertificateConfig(certPath, settings.Values[CertificatePassword], clientID, tenantID)
	config.AADEndpoint = settings.Environment.ActiveDirectoryEndpoint
	config.Resource = settings.Values[Resource]
	return config, nil
}

// GetUsernamePassword creates a config object from the available username/password credentials.
// An error is returned if no username/password credentials are available.
func (settings EnvironmentSettings) GetUsernamePassword() (UsernamePasswordConfig, error) {
	username, password := settings.Values[Username], settings.Values[Password]
	if username == "" || password == "" {
		return UsernamePasswordConfig{}, errors.New("missing username/password")
	}
	clientID, tenantID := settings.getClientAndTenant()
	config := NewUsernamePasswordConfig(username, password, clientID, tenantID)
	config.AADEndpoint = settings.Environment.ActiveDirectoryEndpoint
	config.Resource = settings.Values[Resource]
	return config, nil
}

// GetWorkloadIdentity creates a workload identity config object from
// AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and AZURE_TENANT_ID. It is new in
// this package. An error is returned if the token file is not set.
func (settings EnvironmentSettings) GetWorkloadIdentity() (WorkloadIdentityConfig, error) {
	file := settings.Values[FederatedTokenFile]
	if file == "" {
		return WorkloadIdentityConfig{}, errors.New("missing federated token file")
	}
	clientID, tenantID := settings.getClientAndTenant()
	return WorkloadIdentityConfig{
		ClientID:      clientID,
		TenantID:      tenantID,
		TokenFilePath: file,
		AADEndpoint:   settings.Environment.ActiveDirectoryEndpoint,
		Resource:      settings.Values[Resource],
	}, nil
}

// GetMSI creates a MSI config object from the available client ID.
func (settings EnvironmentSettings) GetMSI() MSIConfig {
	config := NewMSIConfig()
	config.Resource = settings.Values[Resource]
	config.ClientID = settings.Values[ClientID]
	return config
}

// GetDeviceFlow creates a device-flow config object from the available client and tenant IDs.
func (settings EnvironmentSettings) GetDeviceFlow() DeviceFlowConfig {
	clientID, tenantID := settings.getClientAndTenant()
	config := NewDeviceFlowConfig(clientID, tenantID)
	config.AADEndpoint = settings.Environment.ActiveDirectoryEndpoint
	config.Resource = settings.Values[Resource]
	return config
}

// GetAuthorizer creates an Authorizer configured from environment variables in the order:
// 1. Client credentials
// 2. Client certificate
// 3. Username password
// 4. Workload identity (new in this package)
// 5. MSI
//
// MSI is used when the environment names a managed identity endpoint
// (IDENTITY_ENDPOINT or MSI_ENDPOINT) or when the instance metadata service
// answers within one second; otherwise GetAuthorizer returns the error
// "MSI not available", as the old package did, without blocking longer.
func (settings EnvironmentSettings) GetAuthorizer() (autorest.Authorizer, error) {
	if c, e := settings.GetClientCredentials(); e == nil {
		return c.Authorizer()
	}
	if c, e := settings.GetClientCertificate(); e == nil {
		return c.Authorizer()
	}
	if c, e := settings.GetUsernamePassword(); e == nil {
		return c.Authorizer()
	}
	if c, e := settings.GetWorkloadIdentity(); e == nil {
		return c.Authorizer()
	}
	if !msiAvailable() {
		return nil, errors.New("MSI not available")
	}
	return settings.GetMSI().Authorizer()
}

// msiAvailable reports whether a managed identity can be used: an App
// Service, Functions, Arc or Cloud Shell endpoint in the environment, or an
// instance metadata service answering within imdsProbeTimeout.
func msiAvailable() bool {
	if os.Getenv("IDENTITY_ENDPOINT") != "" || os.Getenv("MSI_ENDPOINT") != "" {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), imdsProbeTimeout)
	defer cancel()
	return probeIMDS(ctx)
}

const imdsProbeTimeout = time.Second

// probeIMDS reports whether the instance metadata service answers. It is a
// variable so that tests never send this request.
var probeIMDS = func(ctx context.Context) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://169.254.169.254/metadata/identity/oauth2/token", nil)
	if err != nil {
		return false
	}
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil}}).Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}
