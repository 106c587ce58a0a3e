// Command blobaccount authenticates a track-1 blob client as thanos's Azure
// object store did: a service principal token for the storage account's own
// resource (https://<account>.blob.core.windows.net), kept fresh by a
// refresher written by hand for azblob.NewTokenCredential.
// credwrapper-migrate moves the token onto azidentity (the azure/auth import)
// and reports the refresher (use legacyblob.NewCredential, keeping the
// account's scope).
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/Azure/azure-storage-blob-go/azblob"
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure/auth"
)

const endpointSuffix = "blob.core.windows.net"

func servicePrincipalToken(account string) (*adal.ServicePrincipalToken, error) {
	cfg := auth.NewClientCredentialsConfig(os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET"), os.Getenv("AZURE_TENANT_ID"))
	cfg.AADEndpoint = os.Getenv("AAD_ENDPOINT")
	cfg.Resource = fmt.Sprintf("https://%s.%s", account, endpointSuffix)
	return cfg.ServicePrincipalToken()
}

func tokenCredential(account string) (azblob.TokenCredential, error) {
	spt, err := servicePrincipalToken(account)
	if err != nil {
		return nil, err
	}
	if err := spt.Refresh(); err != nil {
		return nil, err
	}
	return azblob.NewTokenCredential(spt.Token().AccessToken, func(tc azblob.TokenCredential) time.Duration {
		if err := spt.Refresh(); err != nil {
			log.Printf("refreshing the storage token: %v", err)
			return 2 * time.Minute
		}
		tc.SetToken(spt.Token().AccessToken)
		return time.Until(spt.Token().Expires().Add(-2 * time.Minute))
	}), nil
}

func main() {
	cred, err := tokenCredential("myaccount")
	if err != nil {
		log.Fatal(err)
	}
	_ = azblob.NewPipeline(cred, azblob.PipelineOptions{})
	fmt.Println("storage token:", cred.Token() != "")
}
