package auth

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"log"
	"os"

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
	ClientID     string
	ClientSecret string
	TenantID     string
	AuxTenants   []string
	AADEndpoint  string
	Resource     string
}

// ServicePrincipalToken creates an adal ServicePrincipalToken from client
// credentials, as go-autorest's auth package does.
func (ccc ClientCredentialsConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(ccc.AADEndpoint, ccc.TenantID)
	if err != nil {
		return nil, err
	}
	return adal.NewServicePrincipalToken(*oauthConfig, ccc.ClientID, ccc.ClientSecret, ccc.Resource)
}

// MultiTenantServicePrincipalToken creates an adal MultiTenantServicePrincipalToken from client credentials.
func (ccc ClientCredentialsConfig) MultiTenantServicePrincipalToken() (*adal.MultiTenantServicePrincipalToken, error) {
	oauthConfig, err := adal.NewMultiTenantOAuthConfig(ccc.AADEndpoint, ccc.TenantID, ccc.AuxTenants, adal.OAuthOptions{})
	if err != nil {
		return nil, err
	}
	return adal.NewMultiTenantServicePrincipalToken(oauthConfig, ccc.ClientID, ccc.ClientSecret, ccc.Resource)
}

// Authorizer returns a *credwrapper.CredentialWrapper around an
// azidentity.ClientSecretCredential, with the auxiliary tenants, if any.
func (ccc ClientCredentialsConfig) Authorizer() (autorest.Authorizer, error) {
	opts, err := credentialOptions(ccc.AADEndpoint, ccc.AuxTenants)
	if err != nil {
		return nil, fmt.Errorf("failed to get credential from client credentials: %w", err)
	}
	cred, err := azidentity.NewClientSecretCredential(ccc.TenantID, ccc.ClientID, ccc.ClientSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:              opts.ClientOptions,
		DisableInstanceDiscovery:   opts.DisableInstanceDiscovery,
		AdditionallyAllowedTenants: opts.AdditionallyAllowedTenants,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get credential from client credentials: %w", err)
	}
	return wrap(cred, ccc.Resource, ccc.AuxTenants)
}

// ClientCertificateConfig provides the options to get a bearer authorizer from a client certificate.
type ClientCertificateConfig struct {
	ClientID            string
	CertificatePath     string
	CertificatePassword string
	TenantID            string
	AuxTenants          []string
	AADEndpoint         string
	Resource            string
}

// ServicePrincipalToken creates an adal ServicePrincipalToken from a PKCS#12
// client certificate, as go-autorest's auth package does.
func (ccc ClientCertificateConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(ccc.AADEndpoint, ccc.TenantID)
	if err != nil {
		return nil, err
	}
	certificate, rsaPrivateKey, err := ccc.pfx()
	if err != nil {
		return nil, err
	}
	return adal.NewServicePrincipalTokenFromCertificate(*oauthConfig, ccc.ClientID, certificate, rsaPrivateKey, ccc.Resource)
}

// MultiTenantServicePrincipalToken creates an adal MultiTenantServicePrincipalToken from a PKCS#12 client certificate.
func (ccc ClientCertificateConfig) MultiTenantServicePrincipalToken() (*adal.MultiTenantServicePrincipalToken, error) {
	oauthConfig, err := adal.NewMultiTenantOAuthConfig(ccc.AADEndpoint, ccc.TenantID, ccc.AuxTenants, adal.OAuthOptions{})
	if err != nil {
		return nil, err
	}
	certificate, rsaPrivateKey, err := ccc.pfx()
	if err != nil {
		return nil, err
	}
	return adal.NewMultiTenantServicePrincipalTokenFromCertificate(oauthConfig, ccc.ClientID, certificate, rsaPrivateKey, ccc.Resource)
}

// pfx reads the PKCS#12 certificate file for the adal tokens.
func (ccc ClientCertificateConfig) pfx() (*x509.Certificate, *rsa.PrivateKey, error) {
	certData, err := os.ReadFile(ccc.CertificatePath)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read the certificate file (%s): %w", ccc.CertificatePath, err)
	}
	certificate, rsaPrivateKey, err := adal.DecodePfxCertificateData(certData, ccc.CertificatePassword)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to decode pkcs12 certificate while creating spt: %w", err)
	}
	return certificate, rsaPrivateKey, nil
}

// Authorizer returns a *credwrapper.CredentialWrapper around an
// azidentity.ClientCertificateCredential. The certificate file may be PKCS#12
// (as before) or PEM (new).
func (ccc ClientCertificateConfig) Authorizer() (autorest.Authorizer, error) {
	certData, err := os.ReadFile(ccc.CertificatePath)
	if err != nil {
		return nil, fmt.Errorf("failed to read the certificate file (%s): %w", ccc.CertificatePath, err)
	}
	var password []byte
	if ccc.CertificatePassword != "" {
		password = []byte(ccc.CertificatePassword)
	}
	certs, key, err := azidentity.ParseCertificates(certData, password)
	if err != nil {
		return nil, fmt.Errorf("failed to decode the certificate file (%s): %w", ccc.CertificatePath, err)
	}
	opts, err := credentialOptions(ccc.AADEndpoint, ccc.AuxTenants)
	if err != nil {
		return nil, fmt.Errorf("failed to get credential from certificate auth: %w", err)
	}
	cred, err := azidentity.NewClientCertificateCredential(ccc.TenantID, ccc.ClientID, certs, key, &azidentity.ClientCertificateCredentialOptions{
		ClientOptions:              opts.ClientOptions,
		DisableInstanceDiscovery:   opts.DisableInstanceDiscovery,
		AdditionallyAllowedTenants: opts.AdditionallyAllowedTenants,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get credential from certificate auth: %w", err)
	}
	return wrap(cred, ccc.Resource, ccc.AuxTenants)
}

// DeviceFlowConfig provides the options to get a bearer authorizer using device flow authentication.
type DeviceFlowConfig struct {
	ClientID    string
	TenantID    string
	AADEndpoint string
	Resource    string
}

// Authorizer returns a *credwrapper.CredentialWrapper around an
// azidentity.DeviceCodeCredential. As before, it prompts (on the standard
// logger) and waits for the user to sign in before it returns; unlike before,
// the token is refreshed when it expires.
func (dfc DeviceFlowConfig) Authorizer() (autorest.Authorizer, error) {
	opts, err := credentialOptions(dfc.AADEndpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from device flow: %w", err)
	}
	cred, err := azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{
		ClientOptions:            opts.ClientOptions,
		DisableInstanceDiscovery: opts.DisableInstanceDiscovery,
		ClientID:                 dfc.ClientID,
		TenantID:                 dfc.TenantID,
		UserPrompt:               deviceCodePrompt,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from device flow: %w", err)
	}
	w, err := wrap(cred, dfc.Resource, nil)
	if err != nil {
		return nil, err
	}
	if err := w.EnsureFreshWithContext(context.Background()); err != nil {
		return nil, fmt.Errorf("failed to get oauth token from device flow: %w", err)
	}
	return w, nil
}

// ServicePrincipalToken gets an adal service principal token from device
// flow, as go-autorest's auth package does.
func (dfc DeviceFlowConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(dfc.AADEndpoint, dfc.TenantID)
	if err != nil {
		return nil, err
	}
	oauthClient := &autorest.Client{}
	deviceCode, err := adal.InitiateDeviceAuth(oauthClient, *oauthConfig, dfc.ClientID, dfc.Resource)
	if err != nil {
		return nil, fmt.Errorf("failed to start device auth flow: %w", err)
	}
	log.Println(*deviceCode.Message)
	token, err := adal.WaitForUserCompletion(oauthClient, deviceCode)
	if err != nil {
		return nil, fmt.Errorf("failed to finish device auth flow: %w", err)
	}
	return adal.NewServicePrincipalTokenFromManualToken(*oauthConfig, dfc.ClientID, dfc.Resource, *token)
}

// UsernamePasswordConfig provides the options to get a bearer authorizer from a username and a password.
type UsernamePasswordConfig struct {
	ClientID    string
	Username    string
	Password    string
	TenantID    string
	AADEndpoint string
	Resource    string
}

// ServicePrincipalToken creates an adal ServicePrincipalToken from username
// and password, as go-autorest's auth package does.
func (ups UsernamePasswordConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	oauthConfig, err := adal.NewOAuthConfig(ups.AADEndpoint, ups.TenantID)
	if err != nil {
		return nil, err
	}
	return adal.NewServicePrincipalTokenFromUsernamePassword(*oauthConfig, ups.ClientID, ups.Username, ups.Password, ups.Resource)
}

// Authorizer returns a *credwrapper.CredentialWrapper around an
// azidentity.UsernamePasswordCredential. Microsoft Entra ID deprecates this
// flow (it cannot do multifactor authentication); prefer another credential.
func (ups UsernamePasswordConfig) Authorizer() (autorest.Authorizer, error) {
	opts, err := credentialOptions(ups.AADEndpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from username and password auth: %w", err)
	}
	//lint:ignore SA1019 the legacy package offers this flow; it is kept for drop-in compatibility and documented as deprecated.
	cred, err := azidentity.NewUsernamePasswordCredential(ups.TenantID, ups.ClientID, ups.Username, ups.Password, &azidentity.UsernamePasswordCredentialOptions{
		ClientOptions:            opts.ClientOptions,
		DisableInstanceDiscovery: opts.DisableInstanceDiscovery,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from username and password auth: %w", err)
	}
	return wrap(cred, ups.Resource, nil)
}

// MSIConfig provides the options to get a bearer authorizer through MSI.
type MSIConfig struct {
	Resource string
	ClientID string
}

// ServicePrincipalToken creates an adal ServicePrincipalToken from MSI, as
// go-autorest's auth package does.
func (mc MSIConfig) ServicePrincipalToken() (*adal.ServicePrincipalToken, error) {
	spToken, err := adal.NewServicePrincipalTokenFromManagedIdentity(mc.Resource, &adal.ManagedIdentityOptions{
		ClientID: mc.ClientID,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from MSI: %w", err)
	}
	return spToken, nil
}

// Authorizer returns a *credwrapper.CredentialWrapper around an
// azidentity.ManagedIdentityCredential (user-assigned when ClientID is set).
func (mc MSIConfig) Authorizer() (autorest.Authorizer, error) {
	o := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: clientOptions()}
	if mc.ClientID != "" {
		o.ID = azidentity.ClientID(mc.ClientID)
	}
	cred, err := azidentity.NewManagedIdentityCredential(o)
	if err != nil {
		return nil, fmt.Errorf("failed to get oauth token from MSI: %w", err)
	}
	return wrap(cred, mc.Resource, nil)
}

// WorkloadIdentityConfig provides the options to get a bearer authorizer
// through workload identity federation (Azure Kubernetes Service workload
// identity). It is new in this package.
type WorkloadIdentityConfig struct {
	ClientID      string
	TenantID      string
	TokenFilePath string
	AADEndpoint   string
	Resource      string
}

// Authorizer returns a *credwrapper.CredentialWrapper around an
// azidentity.WorkloadIdentityCredential.
func (wic WorkloadIdentityConfig) Authorizer() (autorest.Authorizer, error) {
	opts, err := credentialOptions(wic.AADEndpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("failed to get credential from workload identity: %w", err)
	}
	cred, err := azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
		ClientOptions:            opts.ClientOptions,
		DisableInstanceDiscovery: opts.DisableInstanceDiscovery,
		ClientID:                 wic.ClientID,
		TenantID:                 wic.TenantID,
		TokenFilePath:            wic.TokenFilePath,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to get credential from workload identity: %w", err)
	}
	return wrap(cred, wic.Resource, nil)
}
