package importdot

import . "github.com/Azure/go-autorest/autorest/azure/auth" // want `drop-in twin`

var _, _ = NewAuthorizerFromEnvironment()
