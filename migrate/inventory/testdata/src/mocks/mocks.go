package mocks

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/services/keyvault/v7.1/keyvault/keyvaultapi"
	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2019-05-01/resources/resourcesapi"
)

// Code written against v68's mock interfaces calls the legacy clients
// through them.
func deleteGroup(ctx context.Context, groups resourcesapi.GroupsClientAPI, secrets keyvaultapi.BaseClientAPI) error {
	if _, err := groups.Get(ctx, "rg"); err != nil { // want `resourcesapi.GroupsClientAPI.Get: use armresources.ResourceGroupsClient.Get \(github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3 v3\.0\.1\)`
		return err
	}
	if _, err := secrets.GetSecret(ctx, "https://v", "s", ""); err != nil { // want `keyvaultapi.BaseClientAPI.GetSecret: use azsecrets.Client.GetSecret \(`
		return err
	}
	_, err := groups.Delete(ctx, "rg") // want `resourcesapi.GroupsClientAPI.Delete: use armresources.ResourceGroupsClient.BeginDelete .*; long-running`
	return err
}
