package migrate

import (
	"go/ast"
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// advice says what to use instead of the adal constructors that have no twin
// in credwrapper/auth; each message follows "adal.<name> ".
var advice = map[string]string{
	"NewServicePrincipalTokenFromManualToken":            "builds a token that refreshes with its own refresh token, which azidentity cannot do: sign the user in with an azidentity credential (NewInteractiveBrowserCredential, NewDeviceCodeCredential, NewAzureCLICredential) and wrap it with credwrapper.New",
	"NewServicePrincipalTokenFromManualTokenSecret":      "builds a token that refreshes with its own refresh token, which azidentity cannot do: build the azidentity credential for the secret (NewClientSecretCredential, NewClientCertificateCredential...) and wrap it with credwrapper.New",
	"NewServicePrincipalTokenFromUsernamePassword":       "has no twin in credwrapper/auth: use azidentity.NewUsernamePasswordCredential with credwrapper.New (Entra ID is retiring this flow: it cannot do multifactor authentication)",
	"NewServicePrincipalTokenFromAuthorizationCode":      "has no azidentity equivalent (azidentity has no authorization code credential): sign the user in with azidentity.NewInteractiveBrowserCredential and wrap it with credwrapper.New",
	"NewServicePrincipalTokenFromFederatedToken":         "has no twin in credwrapper/auth: use azidentity.NewClientAssertionCredential (NewWorkloadIdentityCredential on AKS) with credwrapper.New",
	"NewServicePrincipalTokenFromFederatedTokenCallback": "has no twin in credwrapper/auth: use azidentity.NewClientAssertionCredential (NewWorkloadIdentityCredential on AKS) with credwrapper.New",
	"NewServicePrincipalTokenWithSecret":                 "takes any adal secret: build the azidentity credential for that kind of secret and wrap it with credwrapper.New",
}

// msiAdvice is what to use instead of adal's managed identity constructors
// that take an endpoint.
var msiAdvice = map[string]string{
	"NewServicePrincipalTokenFromMSI":                       "auth.NewServicePrincipalTokenFromManagedIdentity(resource, nil) from github.com/azcompat/credwrapper/auth",
	"NewServicePrincipalTokenFromMSIWithUserAssignedID":     "auth.NewServicePrincipalTokenFromManagedIdentity(resource, &adal.ManagedIdentityOptions{ClientID: ...}) from github.com/azcompat/credwrapper/auth",
	"NewServicePrincipalTokenFromMSIWithIdentityResourceID": "auth.NewServicePrincipalTokenFromManagedIdentity(resource, &adal.ManagedIdentityOptions{IdentityResourceID: ...}) from github.com/azcompat/credwrapper/auth",
}

// msiEndpointFuncs are adal's functions returning the endpoint adal would
// find by itself.
var msiEndpointFuncs = map[string]bool{"GetMSIVMEndpoint": true, "GetMSIEndpoint": true, "GetMSIAppServiceEndpoint": true}

// advice returns the message for the adal constructor name called by call,
// "" if it has none.
func (c *fileChecker) advice(call *ast.CallExpr, name string) string {
	use, ok := msiAdvice[name]
	if !ok {
		return advice[name]
	}
	if len(call.Args) > 0 && c.foundEndpoint(call.Args[0]) {
		return "takes an endpoint found by adal, which azidentity finds by itself: use " + use + ", or azidentity.NewManagedIdentityCredential with credwrapper.New"
	}
	return "takes an explicit endpoint, which has no azidentity equivalent and would be dropped: azidentity's managed identity finds its endpoint in the environment " +
		"(IDENTITY_ENDPOINT with IDENTITY_HEADER on App Service, Functions and Service Fabric, or with IMDS_ENDPOINT on Azure Arc; MSI_ENDPOINT on Cloud Shell and Azure ML), else uses IMDS; " +
		"set those variables where the program runs, then use " + use + ", or azidentity.NewManagedIdentityCredential with credwrapper.New"
}

// foundEndpoint reports whether e is "" or a call of one of adal's
// functions returning the endpoint adal finds by itself.
func (c *fileChecker) foundEndpoint(e ast.Expr) bool {
	if tv, ok := c.pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value) == ""
	}
	if id, ok := ast.Unparen(e).(*ast.Ident); ok && c.fn != nil {
		if call, ok := c.assignedCall(c.pass.TypesInfo.Uses[id]); ok {
			e = call
		}
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == adalPath && msiEndpointFuncs[fn.Name()]
}
