package migration

// The code of MIGRATION.md lives here: every ```go block of the guide is a
// piece of one of these functions (TestDocGoBlocksCompile checks it), so
// every block compiles, and the examples with an Output comment run offline
// against the credwrappertest fake cloud.

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources"
	"github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets"
	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure"
	autorestto "github.com/Azure/go-autorest/autorest/to"
	"github.com/stretchr/testify/require"

	"github.com/azcompat/credwrapper"
	"github.com/azcompat/credwrapper/auth"
	"github.com/azcompat/credwrapper/credwrappertest"
)

func Example_oneLineFix() {
	subscriptionID := os.Getenv("AZURE_SUBSCRIPTION_ID")

	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient(subscriptionID)
	groups.Authorizer, err = credwrapper.New(cred, nil) // was: groups.Authorizer = cred
	if err != nil {
		log.Fatal(err)
	}
	_ = groups
}

func Example_stage1AuthImport() {
	subscriptionID := os.Getenv("AZURE_SUBSCRIPTION_ID")

	// import "github.com/azcompat/credwrapper/auth"  (was: ".../go-autorest/autorest/azure/auth")
	authorizer, err := auth.NewAuthorizerFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient(subscriptionID)
	groups.Authorizer = authorizer
	_ = groups
}

func Example_stage1CLIRefreshing() {
	subscriptionID := os.Getenv("AZURE_SUBSCRIPTION_ID")

	cliCredential, err := azidentity.NewAzureCLICredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	authorizer, err := credwrapper.New(cliCredential, nil) // refreshes, unlike NewAuthorizerFromCLI
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient(subscriptionID)
	groups.Authorizer = authorizer
	_ = groups
}

func Example_stage2AuthCredential() {
	subscriptionID := os.Getenv("AZURE_SUBSCRIPTION_ID")

	authorizer, err := auth.NewAuthorizerFromEnvironment()
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient(subscriptionID)
	groups.Authorizer = authorizer
	cred, ok := auth.Credential(authorizer) // the azidentity credential behind it, wrapped
	if !ok {
		log.Fatal("not an authorizer of credwrapper/auth")
	}
	client, err := armresources.NewResourceGroupsClient(subscriptionID, cred, nil)
	_, _, _ = groups, client, err
}

func Example_stage1New() {
	subscriptionID := os.Getenv("AZURE_SUBSCRIPTION_ID")

	w, err := credwrapper.NewDefault(nil) // azidentity.DefaultAzureCredential, ARM scope
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient(subscriptionID)
	groups.Authorizer = w
	vaults := keyvault.New()
	vaults.Authorizer, err = w.WithScopes("https://vault.azure.net/.default")
	if err != nil {
		log.Fatal(err)
	}
	_, _ = groups, vaults
}

// Stage 2 runs offline here: the fake cloud stands in for Azure.
func Example_stage2SideBySide() {
	fc, err := credwrappertest.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	defer fc.Close()
	cred, cfg, err := fc.Credential()
	if err != nil {
		log.Fatal(err)
	}
	ctx, subscriptionID := context.Background(), fc.SubscriptionID

	// One wrapper for both generations of clients. EnableCAE lets the legacy
	// path ask for the same token as the new client; Attach (below) answers
	// the CAE challenges that come with it.
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
	if err != nil {
		log.Fatal(err)
	}

	// Not migrated yet: the legacy client.
	groups := resources.NewGroupsClientWithBaseURI(fc.ARM.URL, subscriptionID)
	groups.Sender = fc.Client()
	w.Attach(&groups.Client) // Authorizer = w, Sender answers 401 and CAE challenges

	// Migrated: the new client, same wrapper.
	client, err := armresources.NewResourceGroupsClient(subscriptionID, w, &arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	if err != nil {
		log.Fatal(err)
	}

	if _, err := groups.CreateOrUpdate(ctx, "legacy-rg", resources.Group{Location: autorestto.StringPtr("westeurope")}); err != nil {
		log.Fatal(err)
	}
	page, err := client.NewListPager(nil).NextPage(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*page.Value[0].Name, "tokens:", fc.Entra.TokenRequests())
	// Output:
	// legacy-rg tokens: 1
}

func Example_stage3Remove() {
	subscriptionID := os.Getenv("AZURE_SUBSCRIPTION_ID")

	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	client, err := armresources.NewResourceGroupsClient(subscriptionID, cred, nil) // no wrapper left
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

func Example_resourceVsScope() {
	fmt.Println(credwrapper.ScopeFromResource("https://management.core.windows.net/"))
	fmt.Println(credwrapper.ScopeFromResource("https://vault.azure.net"))
	fmt.Println(credwrapper.ResourceFromScope("https://storage.azure.com/.default"))
	// Output:
	// https://management.core.windows.net//.default
	// https://vault.azure.net/.default
	// https://storage.azure.com
}

func Example_sovereignCloud() {
	cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
		ClientOptions: policy.ClientOptions{Cloud: cloud.AzureChina},
	})
	if err != nil {
		log.Fatal(err)
	}
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: credwrapper.CloudFromEnvironment(azure.ChinaCloud)})
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClientWithBaseURI(azure.ChinaCloud.ResourceManagerEndpoint, "subscription-id")
	groups.Authorizer = w
	// the same scope as armresources clients in Azure China ask for
	fmt.Println(w.Scopes()[0] == cloud.AzureChina.Services[cloud.ResourceManager].Audience+"/.default")
	// Output:
	// true
}

func Example_keyVault() {
	w, err := credwrapper.NewDefault(nil)
	if err != nil {
		log.Fatal(err)
	}
	vaults := keyvault.New()
	ca := w.ChallengeAuthorizer(vaults.Sender) // learns scope and tenant from the vault, once
	vaults.Authorizer, vaults.Sender = ca, ca.Sender(vaults.Sender)

	secrets, err := azsecrets.NewClient("https://myvault.vault.azure.net", w, nil) // the new client, same wrapper
	if err != nil {
		log.Fatal(err)
	}
	_ = secrets
}

func Example_cae() {
	w, err := credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{EnableCAE: true}})
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient("subscription-id")
	w.Attach(&groups.Client) // without the sender, a CAE challenge fails the legacy call with 401
}

func Example_auxiliaryTenants() {
	w, err := credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{
		AuxiliaryTenants: []string{"other-tenant-id"}, // NewDefault allows them on the credential
	}})
	if err != nil {
		log.Fatal(err)
	}
	groups := resources.NewGroupsClient("subscription-id")
	groups.Authorizer = w // x-ms-authorization-auxiliary: Bearer <token of other-tenant-id>
}

func Example_fromTokenProvider() {
	oauth, err := adal.NewOAuthConfig(azure.PublicCloud.ActiveDirectoryEndpoint, "tenant-id")
	if err != nil {
		log.Fatal(err)
	}
	spt, err := adal.NewServicePrincipalToken(*oauth, "client-id", os.Getenv("AZURE_CLIENT_SECRET"), azure.PublicCloud.ResourceManagerEndpoint)
	if err != nil {
		log.Fatal(err)
	}
	cred, err := credwrapper.FromTokenProvider(spt, nil) // an azcore.TokenCredential
	if err != nil {
		log.Fatal(err)
	}
	client, err := armresources.NewResourceGroupsClient("subscription-id", cred, nil)
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

// TestStage2 is the kind of test the guide recommends for each migrated
// client: both generations against the fake cloud, one token. The README
// shows it whole.
func TestStage2(t *testing.T) {
	fc := credwrappertest.NewTest(t, nil)
	cred, cfg, err := fc.Credential()
	require.NoError(t, err)
	w, err := credwrapper.New(cred, &credwrapper.Options{Cloud: cfg, EnableCAE: true})
	require.NoError(t, err)

	groups := resources.NewGroupsClientWithBaseURI(fc.ARM.URL, fc.SubscriptionID)
	groups.Sender = fc.Client()
	w.Attach(&groups.Client)
	client, err := armresources.NewResourceGroupsClient(fc.SubscriptionID, w,
		&arm.ClientOptions{ClientOptions: fc.ClientOptions()})
	require.NoError(t, err)

	ctx := context.Background()
	_, err = groups.CreateOrUpdate(ctx, "rg", resources.Group{Location: autorestto.StringPtr("westeurope")})
	require.NoError(t, err)
	_, err = client.Get(ctx, "rg", nil)
	require.NoError(t, err)

	require.Equal(t, 1, fc.Entra.TokenRequests()) // one token for both clients
	require.Zero(t, fc.ARM.Unauthenticated())
	require.Empty(t, fc.ARM.Rejected())
}
