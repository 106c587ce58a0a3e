// Package deps keeps the modules the rewritten golden files import in this
// test module's go.mod.
package deps

import (
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	_ "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armresources/v3"
	_ "github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage/v2"
	_ "github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azkeys"
	_ "github.com/Azure/azure-sdk-for-go/sdk/security/keyvault/azsecrets"
)
