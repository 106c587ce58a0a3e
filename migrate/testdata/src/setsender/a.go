package setsender

import (
	"github.com/Azure/go-autorest/autorest/adal"
	"github.com/Azure/go-autorest/autorest/azure/auth" // want `drop-in twin`
)

func clientSecret(cfg adal.OAuthConfig, sender adal.Sender) error {
	spt, err := adal.NewServicePrincipalToken(cfg, "client", "secret", "resource") // want `adal.NewServicePrincipalToken builds`
	if err != nil {
		return err
	}
	spt.SetSender(sender) // want `^spt.SetSender has no effect once the token comes from credwrapper/auth: azidentity makes the token requests, so this sender \(its transport, logging or retries\) would be dropped; to keep it, pass its transport in the ClientOptions of an azidentity credential and wrap that with credwrapper.New$`
	return spt.Refresh()
}

func fromConfig(sender adal.Sender) error {
	var spt, err = auth.NewClientCredentialsConfig("client", "secret", "tenant").ServicePrincipalToken()
	if err != nil {
		return err
	}
	spt.SetSender(sender) // want `spt.SetSender has no effect`
	return nil
}

// adal's own token keeps its sender: no diagnostic.
func manualToken(cfg adal.OAuthConfig, sender adal.Sender) {
	spt, _ := adal.NewServicePrincipalTokenFromManualToken(cfg, "client", "resource", adal.Token{}) // want `NewServicePrincipalTokenFromManualToken builds a token`
	spt.SetSender(sender)
}

// A token from elsewhere: no diagnostic.
func given(spt *adal.ServicePrincipalToken, sender adal.Sender) { spt.SetSender(sender) }
