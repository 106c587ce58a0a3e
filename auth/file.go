package auth

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf16"

	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure"
)

// NewAuthorizerFromFile creates an Authorizer configured from a configuration file in the following order.
// 1. Client credentials
// 2. Client certificate
// The path to the configuration file must be specified in the AZURE_AUTH_LOCATION environment variable.
// resourceBaseURI - used to determine the resource type
func NewAuthorizerFromFile(resourceBaseURI string) (autorest.Authorizer, error) {
	settings, err := GetSettingsFromFile()
	if err != nil {
		return nil, err
	}
	return settings.GetAuthorizer(resourceBaseURI)
}

// NewAuthorizerFromFileWithResource creates an Authorizer configured from a configuration file in the following order.
// 1. Client credentials
// 2. Client certificate
// The path to the configuration file must be specified in the AZURE_AUTH_LOCATION environment variable.
func NewAuthorizerFromFileWithResource(resource string) (autorest.Authorizer, error) {
	s, err := GetSettingsFromFile()
	if err != nil {
		return nil, err
	}
	if a, err := s.ClientCredentialsAuthorizerWithResource(resource); err == nil {
		return a, err
	}
	if a, err := s.ClientCertificateAuthorizerWithResource(resource); err == nil {
		return a, err
	}
	return nil, errors.New("auth file missing client and certificate credentials")
}

// GetSettingsFromFile returns the available authentication settings from an Azure CLI authentication file
// (the sdk-auth JSON of `az ad sp create-for-rbac --sdk-auth`), named by AZURE_AUTH_LOCATION.
func GetSettingsFromFile() (FileSettings, error) {
	s := FileSettings{}
	fileLocation := os.Getenv("AZURE_AUTH_LOCATION")
	if fileLocation == "" {
		return s, errors.New("environment variable AZURE_AUTH_LOCATION is not set")
	}
	contents, err := os.ReadFile(fileLocation)
	if err != nil {
		return s, err
	}
	return parseAuthFile(contents)
}

// authFileKeys maps the sdk-auth JSON fields to the keys of FileSettings.Values.
var authFileKeys = []struct{ json, key string }{
	{"clientId", ClientID},
	{"clientSecret", ClientSecret},
	{"clientCertificate", CertificatePath},
	{"clientCertificatePassword", CertificatePassword},
	{"subscriptionId", SubscriptionID},
	{"tenantId", TenantID},
	{"activeDirectoryEndpointUrl", ActiveDirectoryEndpoint},
	{"resourceManagerEndpointUrl", ResourceManagerEndpoint},
	{"activeDirectoryGraphResourceId", GraphResourceID},
	{"sqlManagementEndpointUrl", SQLManagementEndpoint},
	{"galleryEndpointUrl", GalleryEndpoint},
	{"managementEndpointUrl", ManagementEndpoint},
}

// parseAuthFile parses an sdk-auth file (UTF-8, or UTF-16 with a byte order
// mark, as PowerShell writes it). A field of the wrong type is an error naming
// the field (the old package panicked).
func parseAuthFile(contents []byte) (FileSettings, error) {
	s := FileSettings{}
	decoded, err := decode(contents)
	if err != nil {
		return s, fmt.Errorf("auth file: %w", err)
	}
	authFile := map[string]json.RawMessage{}
	if err := json.Unmarshal(decoded, &authFile); err != nil {
		return s, fmt.Errorf("auth file: %w", err)
	}
	s.Values = map[string]string{}
	for _, k := range authFileKeys {
		raw, ok := authFile[k.json]
		if !ok || string(raw) == "null" {
			continue
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return FileSettings{}, fmt.Errorf("auth file: %q must be a string", k.json)
		}
		s.Values[k.key] = v
	}
	return s, nil
}

// decode removes a byte order mark and converts UTF-16 to UTF-8.
func decode(b []byte) ([]byte, error) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return b, nil
	}
	b = b[2:]
	if len(b)%2 != 0 {
		return nil, errors.New("UTF-16 content has an odd number of bytes")
	}
	u16 := make([]uint16, len(b)/2)
	for i := range u16 {
		u16[i] = order.Uint16(b[2*i:])
	}
	return []byte(string(utf16.Decode(u16))), nil
}

// FileSettings contains the available authentication settings.
type FileSettings struct {
	Values map[string]string // the file's values, keyed by the constants ClientID, ClientSecret, ...
}

// GetSubscriptionID returns the available subscription ID or an empty string.
func (settings FileSettings) GetSubscriptionID() string {
	return settings.Values[SubscriptionID]
}

// GetAuthorizer create an Authorizer in the following order.
// 1. Client credentials
// 2. Client certificate
// resourceBaseURI - used to determine the resource type
func (settings FileSettings) GetAuthorizer(resourceBaseURI string) (autorest.Authorizer, error) {
	if resourceBaseURI == "" {
		resourceBaseURI = azure.PublicCloud.ServiceManagementEndpoint
	}
	// As go-autorest does, try the client secret, then the certificate. But
	// when the file has credentials of either kind and they fail (a bad
	// tenant, an http:// authority, a malformed certificate), say why,
	// instead of go-autorest's "missing" error.
	var errs []error
	if _, ok := settings.Values[ClientSecret]; ok {
		a, err := settings.ClientCredentialsAuthorizer(resourceBaseURI)
		if err == nil {
			return a, nil
		}
		errs = append(errs, fmt.Errorf("auth file client secret: %w", err))
	}
	if _, ok := settings.Values[CertificatePath]; ok {
		a, err := settings.ClientCertificateAuthorizer(resourceBaseURI)
		if err == nil {
			return a, nil
		}
		errs = append(errs, fmt.Errorf("auth file client certificate: %w", err))
	}
	if len(errs) == 0 {
		return nil, errors.New("auth file missing client and certificate credentials")
	}
	return nil, errors.Join(errs...)
}

// getAADEndpoint returns the file's AAD endpoint or the public cloud's.
func (settings FileSettings) getAADEndpoint() string {
	if v, ok := settings.Values[ActiveDirectoryEndpoint]; ok {
		return v
	}
	return azure.PublicCloud.ActiveDirectoryEndpoint
}

// ServicePrincipalTokenFromClientCredentials creates an adal ServicePrincipalToken from the available client credentials.
func (settings FileSettings) ServicePrincipalTokenFromClientCredentials(baseURI string) (*adal.ServicePrincipalToken, error) {
	resource, err := settings.getResourceForToken(baseURI)
	if err != nil {
		return nil, err
	}
	return settings.ServicePrincipalTokenFromClientCredentialsWithResource(resource)
}

// ClientCredentialsAuthorizer creates an authorizer from the available client credentials.
func (settings FileSettings) ClientCredentialsAuthorizer(baseURI string) (autorest.Authorizer, error) {
	resource, err := settings.getResourceForToken(baseURI)
	if err != nil {
		return nil, err
	}
	return settings.ClientCredentialsAuthorizerWithResource(resource)
}

// ServicePrincipalTokenFromClientCredentialsWithResource creates an adal ServicePrincipalToken
// from the available client credentials and the specified resource. Its
// tokens come from an azidentity.ClientSecretCredential, as those of
// ClientCredentialsConfig.ServicePrincipalToken.
func (settings FileSettings) ServicePrincipalTokenFromClientCredentialsWithResource(resource string) (*adal.ServicePrincipalToken, error) {
	cfg, err := settings.clientCredentialsConfigWithResource(resource)
	if err != nil {
		return nil, err
	}
	return cfg.ServicePrincipalToken()
}

// ClientCredentialsAuthorizerWithResource creates an authorizer from the available client credentials and the specified resource.
func (settings FileSettings) ClientCredentialsAuthorizerWithResource(resource string) (autorest.Authorizer, error) {
	cfg, err := settings.clientCredentialsConfigWithResource(resource)
	if err != nil {
		return nil, err
	}
	return cfg.Authorizer()
}

func (settings FileSettings) clientCredentialsConfigWithResource(resource string) (ClientCredentialsConfig, error) {
	if _, ok := settings.Values[ClientSecret]; !ok {
		return ClientCredentialsConfig{}, errors.New("missing client secret")
	}
	cfg := NewClientCredentialsConfig(settings.Values[ClientID], settings.Values[ClientSecret], settings.Values[TenantID])
	cfg.AADEndpoint = settings.getAADEndpoint()
	cfg.Resource = resource
	return cfg, nil
}

func (settings FileSettings) clientCertificateConfigWithResource(resource string) (ClientCertificateConfig, error) {
	if _, ok := settings.Values[CertificatePath]; !ok {
		return ClientCertificateConfig{}, errors.New("missing certificate path")
	}
	cfg := NewClientCertificateConfig(settings.Values[CertificatePath], settings.Values[CertificatePassword], settings.Values[ClientID], settings.Values[TenantID])
	cfg.AADEndpoint = settings.getAADEndpoint()
	cfg.Resource = resource
	return cfg, nil
}

// ServicePrincipalTokenFromClientCertificate creates an adal ServicePrincipalToken from the available certificate credentials.
func (settings FileSettings) ServicePrincipalTokenFromClientCertificate(baseURI string) (*adal.ServicePrincipalToken, error) {
	resource, err := settings.getResourceForToken(baseURI)
	if err != nil {
		return nil, err
	}
	return settings.ServicePrincipalTokenFromClientCertificateWithResource(resource)
}

// ClientCertificateAuthorizer creates an authorizer from the available certificate credentials.
func (settings FileSettings) ClientCertificateAuthorizer(baseURI string) (autorest.Authorizer, error) {
	resource, err := settings.getResourceForToken(baseURI)
	if err != nil {
		return nil, err
	}
	return settings.ClientCertificateAuthorizerWithResource(resource)
}

// ServicePrincipalTokenFromClientCertificateWithResource creates an adal ServicePrincipalToken from the available certificate credentials.
func (settings FileSettings) ServicePrincipalTokenFromClientCertificateWithResource(resource string) (*adal.ServicePrincipalToken, error) {
	cfg, err := settings.clientCertificateConfigWithResource(resource)
	if err != nil {
		return nil, err
	}
	return cfg.ServicePrincipalToken()
}

// ClientCertificateAuthorizerWithResource creates an authorizer from the available certificate credentials and the specified resource.
func (settings FileSettings) ClientCertificateAuthorizerWithResource(resource string) (autorest.Authorizer, error) {
	cfg, err := settings.clientCertificateConfigWithResource(resource)
	if err != nil {
		return nil, err
	}
	return cfg.Authorizer()
}

// getResourceForToken finds the file's endpoint matching an SDK base URI
// given as a public cloud endpoint (the SDK's default base URIs).
func (settings FileSettings) getResourceForToken(baseURI string) (string, error) {
	if !strings.HasSuffix(baseURI, "/") {
		baseURI += "/"
	}
	switch baseURI {
	case azure.PublicCloud.ServiceManagementEndpoint:
		return settings.Values[ManagementEndpoint], nil
	case azure.PublicCloud.ResourceManagerEndpoint:
		return settings.Values[ResourceManagerEndpoint], nil
	case azure.PublicCloud.ActiveDirectoryEndpoint:
		return settings.Values[ActiveDirectoryEndpoint], nil
	case azure.PublicCloud.GalleryEndpoint:
		return settings.Values[GalleryEndpoint], nil
	case azure.PublicCloud.GraphEndpoint:
		return settings.Values[GraphResourceID], nil
	}
	return "", fmt.Errorf("auth: base URI not found in endpoints")
}
