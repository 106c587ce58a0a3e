package advice

import "github.com/Azure/go-autorest/autorest/adal"

func f(cfg adal.OAuthConfig) {
	endpoint, _ := adal.GetMSIVMEndpoint()
	_, _ = adal.NewServicePrincipalTokenFromMSI(endpoint, "https://management.azure.com/")       // want `adal.NewServicePrincipalTokenFromMSI has no exact azidentity equivalent: use auth.NewServicePrincipalTokenFromManagedIdentity`
	_, _ = adal.NewServicePrincipalTokenFromManualToken(cfg, "client", "resource", adal.Token{}) // want `adal.NewServicePrincipalTokenFromManualToken has no exact azidentity equivalent`
}
