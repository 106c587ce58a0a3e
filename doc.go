// Package credwrapper lets code written for the deprecated go-autorest stack
// (github.com/Azure/azure-sdk-for-go/services/... clients, autorest and adal)
// authenticate with any azcore.TokenCredential, such as the credentials of
// azidentity.
//
// An *azidentity.DefaultAzureCredential is not an autorest.Authorizer: it has no
// WithAuthorization method. A [CredentialWrapper] is both. It implements
// autorest.Authorizer, the adal token-provider interfaces and
// azcore.TokenCredential, so one credential, and where the audience matches one
// token, serves old and new clients side by side:
//
//	import (
//		"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
//		"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
//		"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
//
//		"github.com/azcompat/credwrapper"
//	)
//
//	cred, err := azidentity.NewDefaultAzureCredential(nil)
//	if err != nil {
//		return err
//	}
//	w, err := credwrapper.New(cred, nil) // Azure Resource Manager, public cloud
//	if err != nil {
//		return err
//	}
//	groups := resources.NewGroupsClient(subscriptionID) // legacy v68 client
//	groups.Authorizer = w                               // the one-line change
//
//	// the new client, same w
//	client, err := armresources.NewResourceGroupsClient(subscriptionID, w, nil)
//
// (The v68 SDK has many API versions of each service; any of them takes w.)
//
// Tokens are cached per scopes, tenant and CAE setting. The cached token is read
// without a lock; it is refreshed in the background at RefreshOn or five
// minutes before it expires while every caller keeps using it, and callers
// without a valid token share one request to the credential.
//
// [CredentialWrapper.Attach] lets a legacy client answer 401 and CAE claims
// challenges, [CredentialWrapper.ChallengeAuthorizer] serves challenge-based
// services such as Key Vault, and [FromTokenProvider] goes the other way, from
// an adal token provider to an azcore.TokenCredential. Package auth is a
// drop-in replacement for go-autorest's azure/auth, and package
// credwrappertest a fake cloud for side-by-side tests.
package credwrapper
