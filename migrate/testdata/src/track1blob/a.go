package track1blob

import (
	"time"

	"github.com/Azure/azure-storage-blob-go/azblob"
	"github.com/Azure/go-autorest/autorest/adal"
)

// As thanos does: a token for the account's own resource, refreshed by hand.
func credential(cfg adal.OAuthConfig) (azblob.TokenCredential, error) {
	spt, err := adal.NewServicePrincipalToken(cfg, "client", "secret", "https://myaccount.blob.core.windows.net") // want `adal.NewServicePrincipalToken builds`
	if err != nil {
		return nil, err
	}
	if err := spt.Refresh(); err != nil {
		return nil, err
	}
	return azblob.NewTokenCredential(spt.Token().AccessToken, func(tc azblob.TokenCredential) time.Duration { // want `^azblob.NewTokenCredential with a refresher written by hand: use legacyblob.NewCredential\(w, opts\) from github.com/azcompat/credwrapper/legacyblob, which refreshes through a credwrapper.CredentialWrapper at the token's refresh time and stops with Stop; its tokens are for https://storage.azure.com by default, and this file asks for the account's own resource: keep that audience with legacyblob.Options\{Scope: credwrapper.ScopeFromResource\("https://myaccount.blob.core.windows.net"\)\}$`
		if err := spt.Refresh(); err != nil {
			return time.Second
		}
		tc.SetToken(spt.Token().AccessToken)
		return time.Minute
	}), nil
}
