package legacycalls

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/aad/mgmt/2017-04-01/aad"
	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources"
	"github.com/Azure/azure-storage-blob-go/azblob"
	"github.com/azcompat/credwrapper"
)

func management(ctx context.Context) error {
	groups := resources.NewGroupsClientWithBaseURI("https://management.azure.com", "sub") // want `resources.NewGroupsClientWithBaseURI: use armresources.ResourceGroupsClient \(github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3 v3\.0\.1\), built with armresources.NewResourceGroupsClient`
	if _, err := groups.CreateOrUpdate(ctx, "rg", resources.Group{}); err != nil {        // want `resources.GroupsClient.CreateOrUpdate: use armresources.ResourceGroupsClient.CreateOrUpdate \(`
		return err
	}
	page, err := groups.List(ctx, "", nil) // want `resources.GroupsClient.List: use armresources.ResourceGroupsClient.NewListPager .*; paged: NewListPager returns a \*runtime.Pager`
	if err != nil || page.NotDone() {
		return err
	}
	if _, err := groups.ListComplete(ctx, "", nil); err != nil { // want `resources.GroupsClient.ListComplete: use armresources.ResourceGroupsClient.NewListPager`
		return err
	}
	future, err := groups.Delete(ctx, "rg") // want `resources.GroupsClient.Delete: use armresources.ResourceGroupsClient.BeginDelete .*; long-running: BeginDelete returns a \*runtime.Poller; call its PollUntilDone`
	if err != nil {
		return err
	}
	if err := future.WaitForCompletionRef(ctx, groups); err != nil {
		return err
	}
	if err := groups.Frobnicate(ctx); err != nil { // want `resources.GroupsClient.Frobnicate: no matching method found; its client's replacement is armresources.ResourceGroupsClient`
		return err
	}
	domains := aad.NewDomainServicesClient("sub") // want `aad.NewDomainServicesClient: legacy client, not covered by the inventory's mapping`
	return domains.Get(ctx, "d")                  // want `aad.DomainServicesClient.Get: legacy client, not covered`
}

func dataPlane(ctx context.Context) error {
	kv := keyvault.New()                                               // want `keyvault.New: use azsecrets.Client \(.*\), built with azsecrets.NewClient, for the methods called on it; the vault URL`
	if _, err := kv.GetSecret(ctx, "https://v", "s", ""); err != nil { // want `keyvault.BaseClient.GetSecret: use azsecrets.Client.GetSecret \(github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets v1\.5\.1\)`
		return err
	}
	p := azblob.NewPipeline()
	c := azblob.NewContainerURL("https://a/c", p)  // want `azblob.NewContainerURL: use container.Client \(github.com/Azure/azure-sdk-for-go/sdk/storage/azblob v1\.8\.3\), built with container.NewClient`
	if err := c.Create(ctx, nil, ""); err != nil { // want `azblob.ContainerURL.Create: use container.Client.Create \(github.com/Azure/azure-sdk-for-go/sdk/storage/azblob v1\.8\.3\)`
		return err
	}
	return azblob.UploadBufferToBlockBlob(ctx, nil, azblob.BlockBlobURL{}) // want `azblob.UploadBufferToBlockBlob: use blockblob.Client.UploadBuffer`
}

func wrapper() (*credwrapper.CredentialWrapper, error) { return credwrapper.New(nil, nil) }
