package auth

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure"
)

// NewClientCredentialsConfig creates an AuthorizerConfig object configured to obtain an Authorizer through Client Credentials.
// Defaults to Public Cloud and Resource Manager Endpoint.
func NewClientCredentialsConfig(clientID string, clientSecret string, tenantID string) ClientCredentialsConfig {
	return ClientCredentialsConfig{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TenantID:     tenantID,
		Resource:     azure.PublicCloud.ResourceManagerEndpoint,
		AADEndpoint:  azure.PublicCloud.ActiveDirectoryEndpoint,
	}
}

// NewClientCertificateConfig creates a ClientCertificateConfig object configured to obtain an Authorizer through client certificate.
// Defaults to Public Cloud and Resource Manager Endpoint.
func NewClientCertificateConfig(certificatePath string, certificatePassword string, clientID string, tenantID string) ClientCertificateConfig {
	return ClientCertificateConfig{
		CertificatePath:     certificatePath,
		CertificatePassword: certificatePassword,
		ClientID:            clientID,
		TenantID:            tenantID,
		Resource:            azure.PublicCloud.ResourceManagerEndpoint,
		AADEndpoint:         azure.PublicCloud.ActiveDirectoryEndpoint,
	}
}

// NewUsernamePasswordConfig creates an UsernamePasswordConfig object configured to obtain an Authorizer through username and password.
// Defaults to Public Cloud and Resource Manager Endpoint.
func NewUsernamePasswordConfig(username string, password string, clientID string, tenantID string) UsernamePasswordConfig {
	return UsernamePasswordConfig{
		Username:    username,
		Password:    password,
		ClientID:    clientID,
		TenantID:    tenantID,
		Resource:    azure.PublicCloud.ResourceManagerEndpoint,
		AADEndpoint: azure.PublicCloud.ActiveDirectoryEndpoint,
	}
}

// NewMSIConfig creates an MSIConfig object configured to obtain an Authorizer through MSI.
func NewMSIConfig() MSIConfig {
	return MSIConfig{
		Resource: azure.PublicCloud.ResourceManagerEndpoint,
	}
}

// NewDeviceFlowConfig creates a DeviceFlowConfig object configured to obtain an Authorizer through device flow.
// Defaults to Public Cloud and Resource Manager Endpoint.
func NewDeviceFlowConfig(clientID string, tenantID string) DeviceFlowConfig {
	return DeviceFlowConfig{
		ClientID:    clientID,
		TenantID:    tenantID,
		Resource:    azure.PublicCloud.ResourceManagerEndpoint,
		AADEndpoint: azure.PublicCloud.ActiveDirectoryEndpoint,
	}
}

// AuthorizerConfig provides an authorizer from the configuration provided.
type AuthorizerConfig interface {
	Authorizer() (autorest.Authorizer, error)
}

// ClientCredentialsConfig provides the options to get a bearer authorizer from client credentials.
type ClientCredentialsConfig struct {
	ClientID     string   // the application (client) ID
	ClientSecret string   // the client secret
	TenantID     string   // the Entra ID tenant; checked at the first token request, as go-autorest does
	AuxTenants   []string // one to three auxiliary tenants: go-autorest's multi-tenant authorizer
	AADEndpoint  string   // the Entra ID authority, such as https://login.microsoftonline.com/
	Resource     string   // the v1 resource tokens are for, such as https://management.azure.com/
}

// source is the azidentity.ClientSecretCredential of the configuration.
func (ccc ClientCredentialsConfig) source(aux []string) source {
	return newSource("client credentials", ccc.AADEndpoint, ccc.Resource, aux, func(o commonOptions) (azcore.TokenCredential, error) {
		return azidentity.NewClientSecretCredential(ccc.TenantID, ccc.ClientID, ccc.ClientSecret, &azidentity.ClientSecretCredentialOptions{
			ClientOptions:              o.ClientOptions,
			DisableInstanceDiscovery:   o.DisableInstanceDiscovery,
			AdditionallyAllowedTenants: o.AdditionallyAllowedTenants,
		})
	})
}

// ServicePrincipalToken creates a ServicePrincipalToken from client
// credentials. Its tokens come from an azidentity.ClientSecretCredential.
func (ccc ClientCredentialsConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(ccc.AADEndpoint, ccc.TenantID)
	if err != nil {
		return nil, err
	}
	spt, err := adal.NewServicePrincipalToken(*oauthConfig, ccc.ClientID, ccc.ClientSecret, ccc.Resource)
	if err != nil {
		return nil, err
	}
	return ccc.source(nil).attach(spt, ""), nil
}

// MultiTenantServicePrincipalToken creates a MultiTenantServicePrincipalToken
// from client credentials. Its tokens come from an
// azidentity.ClientSecretCredential allowed the auxiliary tenants.
func (ccc ClientCredentialsConfig) MultiTenantServicePrincipalToken() (*adal.MultiTenantServicePrincipalToken, error) {
	oauthConfig, err := adal.NewMultiTenantOAuthConfig(ccc.AADEndpoint, ccc.TenantID, ccc.AuxTenants, adal.OAuthOptions{})
	if err != nil {
		return nil, err
	}
	mt, err := adal.NewMultiTenantServicePrincipalToken(oauthConfig, ccc.ClientID, ccc.ClientSecret, ccc.Resource)
	if err != nil {
		return nil, err
	}
	return ccc.source(ccc.AuxTenants).attachMultiTenant(mt, ccc.AuxTenants), nil
}

// Authorizer gets the authorizer from client credentials: an
// *autorest.BearerAuthorizer, or go-autorest's multi-tenant authorizer when
// AuxTenants is set, as go-autorest returns.
func (ccc ClientCredentialsConfig) Authorizer() (autorest.Authorizer, error) {
	return bearer(ccc.AuxTenants, ccc.ServicePrincipalToken, ccc.MultiTenantServicePrincipalToken,
		"failed to get SPT from client credentials", "failed to get multitenant SPT from client credentials")
}

// bearer returns go-autorest's authorizer of a configuration: a bearer
// authorizer over its adal token, or with auxiliary tenants the multi-tenant
// one, with go-autorest's error messages.
func bearer(aux []string, single func() (*adal.ServicePrincipalToken, error), multi func() (*adal.MultiTenantServicePrincipalToken, error), singleErr, multiErr string) (autorest.Authorizer, error) {
	if len(aux) == 0 {
		spToken, err := single()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", singleErr, err)
		}
		return autorest.NewBearerAuthorizer(spToken), nil
	}
	mtSPT, err := multi()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", multiErr, err)
	}
	return autorest.NewMultiTenantServicePrincipalTokenAuthorizer(mtSPT), nil
}

// ClientCertificateConfig provides the options to get a bearer authorizer from a client certificate.
type ClientCertificateConfig struct {
	ClientID            string   // the application (client) ID
	CertificatePath     string   // the path of the certificate and its private key, PKCS#12 or PEM
	CertificatePassword string   // the password of the certificate file, if any
	TenantID            string   // the Entra ID tenant; checked at the first token request, as go-autorest does
	AuxTenants          []string // one to three auxiliary tenants: go-autorest's multi-tenant authorizer
	AADEndpoint         string   // the Entra ID authority, such as https://login.microsoftonline.com/
	Resource            string   // the v1 resource tokens are for, such as https://management.azure.com/
}

// certificate is a parsed certificate file.
type certificate struct {
	certs []*x509.Certificate
	key   *rsa.PrivateKey
}

// read reads and parses the certificate file: PKCS#12, as go-autorest reads
// it, or PEM (new). The key must be an RSA key, as both adal and Entra ID's
// client assertions require.
func (ccc ClientCertificateConfig) read() (certificate, error) {
	data, err := os.ReadFile(ccc.CertificatePath)
	if err != nil {
		return certificate{}, fmt.Errorf("failed to read the certificate file (%s): %w", ccc.CertificatePath, err)
	}
	var password []byte
	if ccc.CertificatePassword != "" {
		password = []byte(ccc.CertificatePassword)
	}
	certs, key, err := azidentity.ParseCertificates(data, password)
	if err != nil {
		return certificate{}, fmt.Errorf("failed to decode the certificate file (%s): %w", ccc.CertificatePath, err)
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return certificate{}, fmt.Errorf("failed to decode the certificate file (%s): the private key is a %T, not an RSA key", ccc.CertificatePath, key)
	}
	return certificate{certs: certs, key: rsaKey}, nil
}

// source is the azidentity.ClientCertificateCredential of the configuration.
func (ccc ClientCertificateConfig) source(c certificate, aux []string) source {
	return newSource("certificate", ccc.AADEndpoint, ccc.Resource, aux, func(o commonOptions) (azcore.TokenCredential, error) {
		return azidentity.NewClientCertificateCredential(ccc.TenantID, ccc.ClientID, c.certs, c.key, &azidentity.ClientCertificateCredentialOptions{
			ClientOptions:              o.ClientOptions,
			DisableInstanceDiscovery:   o.DisableInstanceDiscovery,
			AdditionallyAllowedTenants: o.AdditionallyAllowedTenants,
		})
	})
}

// ServicePrincipalToken creates a ServicePrincipalToken from a client
// certificate (PKCS#12 or PEM). Its tokens come from an
// azidentity.ClientCertificateCredential.
func (ccc ClientCertificateConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(ccc.AADEndpoint, ccc.TenantID)
	if err != nil {
		return nil, err
	}
	c, err := ccc.read()
	if err != nil {
		return nil, err
	}
	spt, err := adal.NewServicePrincipalTokenFromCertificate(*oauthConfig, ccc.ClientID, c.certs[0], c.key, ccc.Resource)
	if err != nil {
		return nil, err
	}
	return ccc.source(c, nil).attach(spt, ""), nil
}

// MultiTenantServicePrincipalToken creates a MultiTenantServicePrincipalToken
// from a client certificate. Its tokens come from an
// azidentity.ClientCertificateCredential allowed the auxiliary tenants.
func (ccc ClientCertificateConfig) MultiTenantServicePrincipalToken() (*adal.MultiTenantServicePrincipalToken, error) {
	oauthConfig, err := adal.NewMultiTenantOAuthConfig(ccc.AADEndpoint, ccc.TenantID, ccc.AuxTenants, adal.OAuthOptions{})
	if err != nil {
		return nil, err
	}
	c, err := ccc.read()
	if err != nil {
		return nil, err
	}
	mt, err := adal.NewMultiTenantServicePrincipalTokenFromCertificate(oauthConfig, ccc.ClientID, c.certs[0], c.key, ccc.Resource)
	if err != nil {
		return nil, err
	}
	return ccc.source(c, ccc.AuxTenants).attachMultiTenant(mt, ccc.AuxTenants), nil
}

// Authorizer gets an authorizer object from client certificate: an
// *autorest.BearerAuthorizer, or go-autorest's multi-tenant authorizer when
// AuxTenants is set, as go-autorest returns.
func (ccc ClientCertificateConfig) Authorizer() (autorest.Authorizer, error) {
	return bearer(ccc.AuxTenants, ccc.ServicePrincipalToken, ccc.MultiTenantServicePrincipalToken,
		"failed to get oauth token from certificate auth", "failed to get multitenant SPT from certificate auth")
}

// DeviceFlowConfig provides the options to get a bearer authorizer using device flow authentication.
type DeviceFlowConfig struct {
	ClientID    string // the application (client) ID
	TenantID    string // the Entra ID tenant; checked at the first token request, as go-autorest does
	AADEndpoint string // the Entra ID authority, such as https://login.microsoftonline.com/
	Resource    string // the v1 resource tokens are for, such as https://management.azure.com/
}

// Authorizer gets the authorizer from device flow. As in go-autorest, it
// prompts (on the standard logger) and waits for the user to sign in before
// it returns.
func (dfc DeviceFlowConfig) Authorizer() (autorest.Authorizer, error) {
	spToken, err := dfc.ServicePrincipalToken()
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from device flow: %w", err)
	}
	return autorest.NewBearerAuthorizer(spToken), nil
}

// ServicePrincipalToken gets the service principal token from device flow,
// through an azidentity.DeviceCodeCredential, which also refreshes it.
func (dfc DeviceFlowConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(dfc.AADEndpoint, dfc.TenantID)
	if err != nil {
		return nil, err
	}
	s := newSource("device flow", dfc.AADEndpoint, dfc.Resource, nil, func(o commonOptions) (azcore.TokenCredential, error) {
		return azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{
			ClientOptions:            o.ClientOptions,
			DisableInstanceDiscovery: o.DisableInstanceDiscovery,
			ClientID:                 dfc.ClientID,
			TenantID:                 dfc.TenantID,
			UserPrompt:               deviceCodePrompt,
		})
	})
	if s.err != nil {
		return nil, fmt.Errorf("failed to start device auth flow: %w", s.err)
	}
	token, err := s.refresh("")(context.Background(), dfc.Resource)
	if err != nil {
		return nil, fmt.Errorf("failed to finish device auth flow: %w", err)
	}
	spt, err := adal.NewServicePrincipalTokenFromManualToken(*oauthConfig, dfc.ClientID, dfc.Resource, *token)
	if err != nil {
		return nil, err
	}
	return s.attach(spt, ""), nil
}

// UsernamePasswordConfig provides the options to get a bearer authorizer from a username and a password.
type UsernamePasswordConfig struct {
	ClientID    string // the application (client) ID
	Username    string // the user's name
	Password    string // the user's password
	TenantID    string // the Entra ID tenant; checked at the first token request, as go-autorest does
	AADEndpoint string // the Entra ID authority, such as https://login.microsoftonline.com/
	Resource    string // the v1 resource tokens are for, such as https://management.azure.com/
}

// ServicePrincipalToken creates a ServicePrincipalToken from username and
// password. Its tokens come from an azidentity.UsernamePasswordCredential;
// Microsoft Entra ID deprecates this flow (it cannot do multifactor
// authentication), prefer another credential.
func (ups UsernamePasswordConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(ups.AADEndpoint, ups.TenantID)
	if err != nil {
		return nil, err
	}
	spt, err := adal.NewServicePrincipalTokenFromUsernamePassword(*oauthConfig, ups.ClientID, ups.Username, ups.Password, ups.Resource)
	if err != nil {
		return nil, err
	}
	s := newSource("username and password", ups.AADEndpoint, ups.Resource, nil, func(o commonOptions) (azcore.TokenCredential, error) {
		//lint:ignore SA1019 the legacy package offers this flow; it is kept for drop-in compatibility and documented as deprecated.
		return azidentity.NewUsernamePasswordCredential(ups.TenantID, ups.ClientID, ups.Username, ups.Password, &azidentity.UsernamePasswordCredentialOptions{
			ClientOptions:            o.ClientOptions,
			DisableInstanceDiscovery: o.DisableInstanceDiscovery,
		})
	})
	return s.attach(spt, ""), nil
}

// Authorizer gets the authorizer from a username and a password.
func (ups UsernamePasswordConfig) Authorizer() (autorest.Authorizer, error) {
	spToken, err := ups.ServicePrincipalToken()
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from username and password auth: %w", err)
	}
	return autorest.NewBearerAuthorizer(spToken), nil
}

// MSIConfig provides the options to get a bearer authorizer through MSI.
type MSIConfig struct {
	Resource string // the v1 resource tokens are for, such as https://management.azure.com/
	ClientID string // a user-assigned identity's client ID; empty for the system-assigned identity
}

// ServicePrincipalToken creates a ServicePrincipalToken from MSI. Its tokens
// come from an azidentity.ManagedIdentityCredential (user-assigned when
// ClientID is set).
func (mc MSIConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	spToken, err := adal.NewServicePrincipalTokenFromManagedIdentity(mc.Resource, &adal.ManagedIdentityOptions{
		ClientID: mc.ClientID,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from MSI: %w", err)
	}
	s := newSource("managed identity", "", mc.Resource, nil, func(o commonOptions) (azcore.TokenCredential, error) {
		mo := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: o.ClientOptions}
		if mc.ClientID != "" {
			mo.ID = azidentity.ClientID(mc.ClientID)
		}
		return azidentity.NewManagedIdentityCredential(mo)
	})
	return s.attach(spToken, ""), nil
}

// Authorizer gets the authorizer from MSI.
func (mc MSIConfig) Authorizer() (autorest.Authorizer, error) {
	spToken, err := mc.ServicePrincipalToken()
	if err != nil {
		return nil, err
	}
	return autorest.NewBearerAuthorizer(spToken), nil
}

// WorkloadIdentityConfig provides the options to get a bearer authorizer
// through workload identity federation (Azure Kubernetes Service workload
// identity). It is new in this package.
type WorkloadIdentityConfig struct {
	ClientID      string // the application (client) ID
	TenantID      string // the Entra ID tenant; checked at the first token request, as go-autorest does
	TokenFilePath string // the file holding the federated token (AZURE_FEDERATED_TOKEN_FILE)
	AADEndpoint   string // the Entra ID authority, such as https://login.microsoftonline.com/
	Resource      string // the v1 resource tokens are for, such as https://management.azure.com/
}

// Authorizer gets the authorizer from workload identity: an
// *autorest.BearerAuthorizer whose adal token comes from an
// azidentity.WorkloadIdentityCredential.
func (wic WorkloadIdentityConfig) Authorizer() (autorest.Authorizer, error) {
	oauthConfig, err := adal.NewOAuthConfig(wic.AADEndpoint, wic.TenantID)
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from workload identity: %w", err)
	}
	spt, err := adal.NewServicePrincipalTokenWithSecret(*oauthConfig, wic.ClientID, wic.Resource, &adal.ServicePrincipalNoSecret{})
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from workload identity: %w", err)
	}
	s := newSource("workload identity", wic.AADEndpoint, wic.Resource, nil, func(o commonOptions) (azcore.TokenCredential, error) {
		return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
			ClientOptions:            o.ClientOptions,
			DisableInstanceDiscovery: o.DisableInstanceDiscovery,
			ClientID:                 wic.ClientID,
			TenantID:                 wic.TenantID,
			TokenFilePath:            wic.TokenFilePath,
		})
	})
	return autorest.NewBearerAuthorizer(s.attach(spt, "")), nil
}
