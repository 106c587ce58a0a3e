package migration

// The Go blocks of README.md, verbatim (TestDocGoBlocksCompile checks
// that they are here, so they compile).

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"

	"github.com/azcompat/credwrapper"
)

func clients(subscriptionID string) (resources.GroupsClient, *armresources.ResourceGroupsClient, error) {
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		return resources.GroupsClient{}, nil, err
	}
	w, err := credwrapper.New(cred, nil) // Azure Resource Manager, public cloud
	if err != nil {
		return resources.GroupsClient{}, nil, err
	}
	groups := resources.NewGroupsClient(subscriptionID) // legacy v68 client
	groups.Authorizer = w                               // the one-line change

	// the new client, same w
	client, err := armresources.NewResourceGroupsClient(subscriptionID, w, nil)
	return groups, client, err
}

func readmeCAE(subscriptionID string) error {
	w, err := credwrapper.NewDefault(&credwrapper.DefaultOptions{Options: credwrapper.Options{EnableCAE: true}})
	// ...
	groups := resources.NewGroupsClient(subscriptionID)
	w.Attach(&groups.Client) // Authorizer = w; its Sender answers 401s and CAE challenges
	return err
}

var _, _ = clients, readmeCAE
