package importplain

import "github.com/Azure/go-autorest/autorest/azure/auth" // want `go-autorest's azure/auth: github.com/azcompat/credwrapper/auth is its drop-in twin`

var _, _ = auth.NewAuthorizerFromEnvironment()
