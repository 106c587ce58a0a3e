package advice

import "github.com/Azure/go-autorest/autorest/adal"

func f(cfg adal.OAuthConfig, msiEndpoint string) {
	endpoint, _ := adal.GetMSIVMEndpoint()
	_, _ = adal.NewServicePrincipalTokenFromMSI(endpoint, "https://management.azure.com/")                            // want `^adal.NewServicePrincipalTokenFromMSI takes an endpoint found by adal, which azidentity finds by itself: use auth.NewServicePrincipalTokenFromManagedIdentity\(resource, nil\)`
	_, _ = adal.NewServicePrincipalTokenFromMSI("", "https://management.azure.com/")                                  // want `takes an endpoint found by adal, which azidentity finds by itself`
	_, _ = adal.NewServicePrincipalTokenFromMSI(msiEndpoint, "https://management.azure.com/")                         // want `^adal.NewServicePrincipalTokenFromMSI takes an explicit endpoint, which has no azidentity equivalent and would be dropped: azidentity's managed identity finds its endpoint in the environment \(IDENTITY_ENDPOINT with IDENTITY_HEADER`
	_, _ = adal.NewServicePrincipalTokenFromMSIWithUserAssignedID(msiEndpoint, "https://management.azure.com/", "id") // want `explicit endpoint.*ManagedIdentityOptions\{ClientID: ...\}`
	_, _ = adal.NewServicePrincipalTokenFromManualToken(cfg, "client", "resource", adal.Token{})                      // want `^adal.NewServicePrincipalTokenFromManualToken builds a token that refreshes with its own refresh token, which azidentity cannot do: sign the user in`
}
