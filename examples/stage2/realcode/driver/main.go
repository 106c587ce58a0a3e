// Command driver calls the functions of package terratest (terratest's
// modules/azure, see its NOTICE) against the cloud the environment names, as
// a terratest test does after terraform apply: it creates what the
// functions look up with the clients terratest's own factory builds, then
// calls the lookups and prints what they found.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/Azure/azure-sdk-for-go/services/resources/mgmt/2020-10-01/resources"
	"github.com/Azure/azure-sdk-for-go/services/storage/mgmt/2019-06-01/storage"
	"github.com/Azure/go-autorest/autorest/to"

	azure "github.com/azcompat/credwrapper/examples/stage2/realcode/terratest"
)

const group, account, container = "terratest-rg", "terratestsa", "tfstate"

func main() {
	sub := os.Getenv("AZURE_SUBSCRIPTION_ID")
	if err := create(context.Background(), sub); err != nil {
		log.Fatal(err)
	}
	exists, err := azure.ResourceGroupExistsE(group, sub)
	check(err)
	fmt.Println("resource group exists:", exists)
	exists, err = azure.ResourceGroupExistsE("absent-rg", sub)
	check(err)
	fmt.Println("absent resource group exists:", exists)
	tagged, err := azure.ListResourceGroupsByTagE("team", sub)
	check(err)
	fmt.Println("resource groups tagged team:", len(tagged))
	exists, err = azure.StorageAccountExistsE(account, group, sub)
	check(err)
	fmt.Println("storage account exists:", exists)
	kind, err := azure.GetStorageAccountKindE(account, group, sub)
	check(err)
	fmt.Println("storage account kind:", kind)
	tier, err := azure.GetStorageAccountSkuTierE(account, group, sub)
	check(err)
	fmt.Println("storage account tier:", tier)
	exists, err = azure.StorageBlobContainerExistsE(container, account, group, sub)
	check(err)
	fmt.Println("blob container exists:", exists)
	public, err := azure.GetStorageBlobContainerPublicAccessE(container, account, group, sub)
	check(err)
	fmt.Println("blob container public:", public)
	dns, err := azure.GetStorageDNSStringE(account, group, sub)
	check(err)
	fmt.Println("storage DNS:", dns)
}

// create makes what terraform apply would have: a tagged resource group,
// a storage account and a private blob container.
func create(ctx context.Context, sub string) error {
	groups, err := azure.CreateResourceGroupClientE(sub)
	if err != nil {
		return err
	}
	if _, err := groups.CreateOrUpdate(ctx, group, resources.Group{Location: to.StringPtr("westeurope"), Tags: map[string]*string{"team": to.StringPtr("infra")}}); err != nil {
		return fmt.Errorf("creating the resource group: %w", err)
	}
	accounts, err := azure.CreateStorageAccountClientE(sub)
	if err != nil {
		return err
	}
	future, err := accounts.Create(ctx, group, account, storage.AccountCreateParameters{
		Sku:      &storage.Sku{Name: storage.StandardLRS, Tier: storage.Standard},
		Kind:     storage.StorageV2,
		Location: to.StringPtr("westeurope"),
	})
	if err == nil {
		err = future.WaitForCompletionRef(ctx, accounts.Client)
	}
	if err != nil {
		return fmt.Errorf("creating the storage account: %w", err)
	}
	containers, err := azure.CreateStorageBlobContainerClientE(sub)
	if err != nil {
		return err
	}
	_, err = containers.Create(ctx, group, account, container, storage.BlobContainer{
		ContainerProperties: &storage.ContainerProperties{PublicAccess: storage.PublicAccessNone},
	})
	if err != nil {
		return fmt.Errorf("creating the blob container: %w", err)
	}
	return nil
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
